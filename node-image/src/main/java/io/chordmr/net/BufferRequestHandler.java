package io.chordmr.net;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * Serves one kind of request from the body's buffers as they came off the socket, with no copy
 * into an array: for a replica's write of a chunk. The handler owns the body and releases it,
 * whether it succeeds or fails; otherwise as {@link RequestHandler}.
 */
@FunctionalInterface
public interface BufferRequestHandler {

    CompletableFuture<byte[]> handle(ByteBuf body);
}
