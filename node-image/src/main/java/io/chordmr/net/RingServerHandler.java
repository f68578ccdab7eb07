package io.chordmr.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each request's token, hands it to the node's handler and writes the answer. A frame
 * the decoder rejects closes the connection with a logged reason; the server carries on.
 */
final class RingServerHandler extends SimpleChannelInboundHandler<Frame> {

    private static final Logger log = LoggerFactory.getLogger(RingServerHandler.class);

    private final ClusterToken token;
    private final Dispatcher handler;

    RingServerHandler(ClusterToken token, Dispatcher handler) {
        this.token = token;
        this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        long id = frame.requestId();
        if (!frame.isRequest()) {
            log.warn("net: closing connection from {}: it sent a frame of type {} to a server", ctx.channel().remoteAddress(), frame.type());
            ctx.close();
            return;
        }
        if (!token.accepts(frame.token())) {
            log.warn("net: refused {} from {}: missing or wrong cluster token", handler.nameOf(frame.type()), ctx.channel().remoteAddress());
            ctx.writeAndFlush(Frame.error(id, ErrorCode.UNAUTHORIZED, "missing or wrong cluster token"));
            return;
        }
        ConnectionGuard.authenticated(ctx.channel());
        CompletableFuture<byte[]> answer;
        try {
            answer = handler.dispatch(frame.type(), frame.body());
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
                ctx.writeAndFlush(errorFrame(id, handler.nameOf(frame.type()), err));
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
