package io.chordmr.net;

import java.util.concurrent.CompletableFuture;

/**
 * Serves one kind of request. Runs on a transport thread, so it must not block: work that
 * touches disk or other nodes goes to an executor and completes the future from there.
 */
@FunctionalInterface
public interface RequestHandler {

    CompletableFuture<byte[]> handle(byte[] body);
}
