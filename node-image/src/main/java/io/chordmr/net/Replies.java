package io.chordmr.net;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waiting for a reply on a thread that may block (never an event loop). */
public final class Replies {

    private Replies() {
    }

    /**
     * The reply's body; a refusal is rethrown as its {@link RemoteException}, anything else that
     * kept the reply from coming as a {@link PeerUnreachableException}.
     */
    public static byte[] await(CompletableFuture<byte[]> reply, Address from) {
        try {
            return reply.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnreachableException(from, "interrupted", e);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new PeerUnreachableException(from, String.valueOf(e.getCause()), e.getCause());
        }
    }
}
