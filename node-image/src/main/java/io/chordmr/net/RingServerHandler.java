package io.chordmr.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each request's token, hands it to the node's handler and writes the answer. A frame
 * the decoder rejects closes the connection with a logged reason; the server carries on.
 */
final class RingServerHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RingServerHandler.class);

    private final ClusterToken token;
    private final Dispatcher handler;

    RingServerHandler(ClusterToken token, Dispatcher handler) {
        this.token = token;
        this.handler = handler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame f) {
            serve(ctx, f.type(), f.requestId(), f.token(), () -> handler.dispatch(f.type(), f.body()), () -> { });
        } else if (msg instanceof LargeFrame f) {
            serve(ctx, f.type(), f.requestId(), f.token(), () -> handler.dispatch(f.type(), f.body()), f.body()::release);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /** Checks and serves one request; {@code refused} frees its body when it is not served. */
    private void serve(ChannelHandlerContext ctx, int type, long id, byte[] requestToken, Supplier<CompletableFuture<byte[]>> dispatch,
                       Runnable refused) {
        if (!Frame.isRequest(type)) {
            refused.run();
            log.warn("net: closing connection from {}: it sent a frame of type {} to a server", ctx.channel().remoteAddress(), type);
            ctx.close();
            return;
        }
        if (!token.accepts(requestToken)) {
            refused.run();
            log.warn("net: refused {} from {}: missing or wrong cluster token", handler.nameOf(type), ctx.channel().remoteAddress());
            ctx.writeAndFlush(Frame.error(id, ErrorCode.UNAUTHORIZED, "missing or wrong cluster token"));
            return;
        }
        ConnectionGuard.authenticated(ctx.channel());
        CompletableFuture<byte[]> answer;
        try {
            answer = dispatch.get();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((body, err) -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (err == null) {
                ctx.writeAndFlush(Frame.response(id, body));
            } else {
                ctx.writeAndFlush(errorFrame(id, handler.nameOf(type), err));
            }
        });
    }

    private static Frame errorFrame(long id, String type, Throwable err) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (cause instanceof RequestException re) {
            return Frame.error(id, re.code(), re.getMessage());
        }
        log.warn("net: {} request failed: {}", type, cause.toString(), cause);
        return Frame.error(id, ErrorCode.INTERNAL, cause.toString());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("net: closing connection from {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
        ctx.close();
    }
}
