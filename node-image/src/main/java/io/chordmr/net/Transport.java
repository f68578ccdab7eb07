package io.chordmr.net;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends requests to peers and serves requests from them. Implemented on Netty sockets and,
 * for simulations of thousands of nodes in one JVM, in memory.
 */
public interface Transport extends AutoCloseable {

    /** The address peers reach this node at. */
    Address localAddress();

    /**
     * Sends one request. The future fails with {@link PeerUnreachableException} when the peer
     * does not answer within the time-out, and with {@link RemoteException} when it refuses.
     */
    CompletableFuture<byte[]> request(Address to, MessageType type, byte[] body, Duration timeout);

    /**
     * Sends one request whose body is {@code head} followed by {@code tail}: the receiver gets them
     * as one body. Sockets send the two as they are, so a large value is not copied to be joined.
     */
    default CompletableFuture<byte[]> request(Address to, MessageType type, byte[] head, byte[] tail, Duration timeout) {
        byte[] body = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, body, head.length, tail.length);
        return request(to, type, body, timeout);
    }

    /** Stops serving and closes every connection; outstanding requests fail. */
    @Override
    void close();
}
