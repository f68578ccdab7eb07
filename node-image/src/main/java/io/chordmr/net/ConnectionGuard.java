package io.chordmr.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what a server port holds for callers: a connection that has not presented the cluster
 * token within {@link Limits#authMillis} is closed, so is one idle (nothing read or written) for
 * {@link Limits#idleMillis}, and past {@link Limits#maxConnections} open ones a new connection is
 * closed at once, logged at most every 10 s. One guard per port, shared by its connections; the
 * port's request handler calls {@link #authenticated} when a request carries the right token.
 *
 * <p>The limits come from system properties ({@code chordmr.net.authTimeoutMillis}, default 5000;
 * {@code chordmr.net.idleTimeoutMillis}, default 600000 for the ring port and 60000 for HTTP;
 * {@code chordmr.net.maxConnections}, default 1024), as in {@code JAVA_TOOL_OPTIONS}.
 */
@ChannelHandler.Sharable
public final class ConnectionGuard extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final AttributeKey<Boolean> AUTHENTICATED = AttributeKey.valueOf("chordmr.authenticated");
    private static final long LOG_EVERY_MILLIS = 10_000;

    /** What a port allows. */
    public record Limits(long authMillis, long idleMillis, int maxConnections) {

        /** The defaults, or the system properties' values, with this port's idle time. */
        public static Limits fromSystem(long defaultIdleMillis) {
            return new Limits(Long.getLong("chordmr.net.authTimeoutMillis", 5_000), Long.getLong("chordmr.net.idleTimeoutMillis",
                    defaultIdleMillis), Integer.getInteger("chordmr.net.maxConnections", 1024));
        }
    }

    private final String port;
    private final Limits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong lastRefusalLog = new AtomicLong();

    public ConnectionGuard(String port, Limits limits) {
        this.port = port;
        this.limits = limits;
    }

    /** Puts the guard and its idle timer first in a new connection's pipeline. */
    public void install(ChannelPipeline p) {
        p.addFirst("guard", this);
        p.addFirst("idle", new IdleStateHandler(0, 0, limits.idleMillis(), TimeUnit.MILLISECONDS));
    }

    /** The connection presented the right token: the authentication deadline no longer applies to it. */
    public static void authenticated(Channel ch) {
        ch.attr(AUTHENTICATED).set(Boolean.TRUE);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        int n = open.incrementAndGet();
        if (n > limits.maxConnections()) {
            long now = System.currentTimeMillis();
            long last = lastRefusalLog.get();
            if (now - last >= LOG_EVERY_MILLIS && lastRefusalLog.compareAndSet(last, now)) {
                log.warn("net: {} port holds {} connections, its limit; closing new ones (from {})", port, limits.maxConnections(),
                        ctx.channel().remoteAddress());
            }
            ctx.close();
            return;
        }
        ctx.executor().schedule(() -> {
            if (ctx.channel().isActive() && ctx.channel().attr(AUTHENTICATED).get() == null) {
                log.debug("net: {} port closes {}: no token within {} ms", port, ctx.channel().remoteAddress(), limits.authMillis());
                ctx.close();
            }
        }, limits.authMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            log.debug("net: {} port closes {}: idle for {} ms", port, ctx.channel().remoteAddress(), limits.idleMillis());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /** Connections open now, for tests and metrics. */
    public int open() {
        return open.get();
    }
}
