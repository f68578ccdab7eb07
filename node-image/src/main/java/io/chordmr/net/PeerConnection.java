package io.chordmr.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to a peer: the table of calls awaiting an answer. A call times out on
 * its own; a failed write fails only that call; a closed connection fails them all.
 */
final class PeerConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(PeerConnection.class);

    private final Address peer;
    private final Map<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private volatile Channel channel;

    PeerConnection(Address peer) {
        this.peer = peer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    boolean isActive() {
        Channel c = channel;
        return c != null && c.isActive();
    }

    CompletableFuture<byte[]> send(Frame frame, String what, Duration timeout) {
        CompletableFuture<byte[]> call = new CompletableFuture<>();
        long id = frame.requestId();
        pending.put(id, call);
        Channel c = channel;
        ScheduledFuture<?> timer;
        try {
            timer = c.eventLoop().schedule(() -> {
                if (pending.remove(id) != null) {
                    call.completeExceptionally(new PeerUnreachableException(peer,
                            frame.type() + " got no answer within " + timeout.toMillis() + " ms", null));
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The event loop has stopped (the transport is closing): the frame is never written, its tail is freed here.
            pending.remove(id);
            frame.release();
            call.completeExceptionally(new PeerUnreachableException(peer, "transport closed", e));
            return call;
        }
        call.whenComplete((r, e) -> timer.cancel(false));
        c.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess() && pending.remove(id) != null) {
                call.completeExceptionally(new PeerUnreachableException(peer, "write failed", f.cause()));
            }
        });
        if (!c.isActive() && pending.remove(id) != null) {
            call.completeExceptionally(new PeerUnreachableException(peer, "connection closed", null));
        }
        return call;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame f) {
            answered(f.type(), f.requestId(), f.body());
        } else if (msg instanceof LargeFrame f) {
            answered(f.type(), f.requestId(), f.bodyBytes());
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void answered(int type, long requestId, byte[] body) {
        CompletableFuture<byte[]> call = pending.remove(requestId);
        if (call == null) {
            log.debug("net: late or unknown answer {} from {}", requestId, peer);
            return;
        }
        if (type == Frame.ERROR) {
            call.completeExceptionally(ErrorBody.decode(peer, body));
        } else {
            call.complete(body);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        failAll("connection closed");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("net: closing connection to {}: {}", peer, cause.getMessage());
        failAll(cause.getMessage());
        ctx.close();
    }

    void close() {
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    private void failAll(String reason) {
        for (Long id : pending.keySet()) {
            CompletableFuture<byte[]> call = pending.remove(id);
            if (call != null) {
                call.completeExceptionally(new PeerUnreachableException(peer, reason, null));
            }
        }
    }
}
