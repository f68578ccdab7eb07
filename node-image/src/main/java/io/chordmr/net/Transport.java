package io.chordmr.net;

import io.netty.buffer.ByteBuf;
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
     * as one body. Sockets send the tail from its own memory, so a large value is neither joined to
     * its header nor, when it lies in direct memory, copied. The tail stays the caller's, to release
     * once the returned future completes; its indices do not move.
     */
    default CompletableFuture<byte[]> request(Address to, MessageType type, byte[] head, ByteBuf tail, Duration timeout) {
        byte[] body = java.util.Arrays.copyOf(head, head.length + tail.readableBytes());
        tail.getBytes(tail.readerIndex(), body, head.length, tail.readableBytes());
        return request(to, type, body, timeout);
    }

    /** Stops serving and closes every connection; outstanding requests fail. */
    @Override
    void close();
}
