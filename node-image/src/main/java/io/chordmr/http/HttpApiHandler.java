package io.chordmr.http;

import io.chordmr.ring.LookupException;
import io.chordmr.store.DatasetExistsException;
import io.chordmr.store.DatasetMeta;
import io.chordmr.store.DatasetName;
import io.chordmr.store.Split;
import io.chordmr.store.StoreUnavailableException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the node's HTTP API. Anything that touches the store runs on the worker pool; the event
 * loop only parses, checks the token, and moves upload bytes into an {@link HttpBodyStream}.
 */
final class HttpApiHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HttpApiHandler.class);
    private static final String DATASETS = "/datasets";

    private static final String JOBS = "/jobs";
    private static final int MAX_POST_BYTES = 16 << 20;

    private final ApiContext api;
    private final JobRoutes jobs;
    private HttpBodyStream upload;
    private java.io.ByteArrayOutputStream post;
    private java.util.function.Consumer<byte[]> onPost;

    HttpApiHandler(ApiContext api) {
        this.api = api;
        this.jobs = new JobRoutes(api);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest req) {
                upload = null;
                route(ctx, req);
            }
            if (msg instanceof HttpContent c && upload != null) {
                upload.offer(c.content());
                if (c instanceof LastHttpContent) {
                    upload.end();
                    upload = null;
                }
            } else if (msg instanceof HttpContent c && post != null) {
                collect(ctx, c);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void collect(ChannelHandlerContext ctx, HttpContent c) {
        if (post.size() + c.content().readableBytes() > MAX_POST_BYTES) {
            post = null;
            Responses.error(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "a job submission may be at most " + MAX_POST_BYTES
                    + " bytes; store large input as a dataset", false);
            return;
        }
        byte[] part = new byte[c.content().readableBytes()];
        c.content().readBytes(part);
        post.writeBytes(part);
        if (c instanceof LastHttpContent) {
            byte[] body = post.toByteArray();
            java.util.function.Consumer<byte[]> handler = onPost;
            post = null;
            handler.accept(body);
        }
    }

    private void route(ChannelHandlerContext ctx, HttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpMethod m = req.method();
        if (m.equals(HttpMethod.GET) && path.equals("/healthz")) {
            Responses.json(ctx, HttpResponseStatus.OK, Map.of("status", "ok"), keepAlive);
            return;
        }
        if (m.equals(HttpMethod.GET) && path.equals("/readyz")) {
            boolean ready = api.ring().isMember();
            Responses.json(ctx, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    Map.of("ready", ready), keepAlive);
            return;
        }
        if (m.equals(HttpMethod.GET) && path.equals("/metrics")) {
            Responses.send(ctx, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                    api.metrics().scrape().getBytes(StandardCharsets.UTF_8), keepAlive);
            return;
        }
        if (!authorized(req)) {
            log.warn("http: node={} refused {} {} from {}: missing or wrong cluster token", api.ring().self().name(),
                    m, path, ctx.channel().remoteAddress());
            Responses.error(ctx, HttpResponseStatus.UNAUTHORIZED, "missing or wrong cluster token (send 'Authorization: Bearer <token>')",
                    false);
            return;
        }
        if (m.equals(HttpMethod.GET) && path.equals("/ring")) {
            async(ctx, keepAlive, () -> Responses.json(ctx, HttpResponseStatus.OK, RingView.of(api), keepAlive));
        } else if (m.equals(HttpMethod.GET) && path.equals(DATASETS)) {
            async(ctx, keepAlive, () -> Responses.json(ctx, HttpResponseStatus.OK, Map.of("datasets", api.datasets().list()), keepAlive));
        } else if (path.startsWith(DATASETS + "/")) {
            dataset(ctx, req, q, path.substring(DATASETS.length() + 1), keepAlive);
        } else if (m.equals(HttpMethod.POST) && path.equals(JOBS)) {
            post = new java.io.ByteArrayOutputStream();
            onPost = body -> async(ctx, keepAlive, () -> jobs.submit(ctx, body, keepAlive));
        } else if (m.equals(HttpMethod.POST) && path.equals("/leave")) {
            // The pod's preStop hook: returns once the node's keys are with their other replicas and it left the ring.
            async(ctx, keepAlive, () -> {
                api.leave().run();
                Responses.json(ctx, HttpResponseStatus.OK, Map.of("left", true, "node", api.ring().self().name()), keepAlive);
            });
        } else if (m.equals(HttpMethod.GET) && path.equals(JOBS)) {
            async(ctx, keepAlive, () -> jobs.list(ctx, keepAlive));
        } else if (path.startsWith(JOBS + "/") && (m.equals(HttpMethod.GET) || m.equals(HttpMethod.DELETE))) {
            String id = path.substring(JOBS.length() + 1);
            async(ctx, keepAlive, () -> {
                if (m.equals(HttpMethod.GET)) {
                    jobs.status(ctx, id, keepAlive);
                } else if ("true".equals(first(q, "purge"))) {
                    jobs.purge(ctx, id, keepAlive);
                } else {
                    jobs.cancel(ctx, id, keepAlive);
                }
            });
        } else {
            Responses.error(ctx, HttpResponseStatus.NOT_FOUND, "no route for " + m + " " + path, keepAlive);
        }
    }

    private void dataset(ChannelHandlerContext ctx, HttpRequest req, QueryStringDecoder q, String name, boolean keepAlive) {
        try {
            DatasetName.validate(name);
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage(), !req.method().equals(HttpMethod.PUT) && keepAlive);
            return;
        }
        HttpMethod m = req.method();
        if (m.equals(HttpMethod.PUT)) {
            Split split;
            try {
                split = split(q);
            } catch (IllegalArgumentException e) {
                Responses.error(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage(), false);
                return;
            }
            boolean overwrite = "true".equals(first(q, "overwrite"));
            HttpBodyStream body = new HttpBodyStream(ctx.channel());
            upload = body;
            ctx.channel().closeFuture().addListener(f -> body.broken());
            async(ctx, false, () -> {
                DatasetMeta meta = api.datasets().put(name, body, split, overwrite);
                Responses.json(ctx, HttpResponseStatus.CREATED, meta, keepAlive);
            });
        } else if (m.equals(HttpMethod.GET)) {
            async(ctx, keepAlive, () -> stream(ctx, name, keepAlive));
        } else if (m.equals(HttpMethod.DELETE)) {
            async(ctx, keepAlive, () -> {
                if (api.datasets().delete(name)) {
                    Responses.json(ctx, HttpResponseStatus.OK, Map.of("deleted", name), keepAlive);
                } else {
                    Responses.error(ctx, HttpResponseStatus.NOT_FOUND, "no dataset named '" + name + "'", keepAlive);
                }
            });
        } else {
            Responses.error(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, m + " is not allowed on a dataset", keepAlive);
        }
    }

    private void stream(ChannelHandlerContext ctx, String name, boolean keepAlive) throws IOException {
        DatasetMeta meta = api.datasets().meta(name);
        if (meta == null) {
            Responses.error(ctx, HttpResponseStatus.NOT_FOUND, "no dataset named '" + name + "'", keepAlive);
            return;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, meta.bytes());
        ctx.writeAndFlush(head);
        try {
            api.datasets().copyTo(meta, new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    // Waiting for each chunk's flush keeps at most a few chunks in memory.
                    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(b, off, len))).syncUninterruptibly();
                }
            });
            var done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                done.addListener(ChannelFutureListener.CLOSE);
            }
        } catch (RuntimeException | IOException e) {
            // The status line is gone already: a cut connection is how the client learns of the failure.
            log.warn("http: node={} stopped streaming dataset={}: {}", api.ring().self().name(), name, e.toString());
            ctx.close();
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private void async(ChannelHandlerContext ctx, boolean keepAlive, Work work) {
        api.workers().execute(() -> {
            try {
                work.run();
            } catch (IllegalArgumentException e) {
                Responses.error(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage(), false);
            } catch (DatasetExistsException e) {
                Responses.error(ctx, HttpResponseStatus.CONFLICT, e.getMessage(), false);
            } catch (StoreUnavailableException | LookupException e) {
                Responses.error(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage(), false);
            } catch (Exception e) {
                log.warn("http: node={} request failed: {}", api.ring().self().name(), e.toString(), e);
                Responses.error(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, e.toString(), false);
            }
        });
    }

    private static Split split(QueryStringDecoder q) {
        String bytes = first(q, "splitBytes");
        String records = first(q, "splitRecords");
        if (bytes != null && records != null) {
            throw new IllegalArgumentException("give splitBytes or splitRecords, not both");
        }
        if (records != null) {
            return Split.records(positive("splitRecords", records));
        }
        return bytes != null ? Split.bytes(positive("splitBytes", bytes)) : Split.DEFAULT;
    }

    private static long positive(String name, String value) {
        try {
            long v = Long.parseLong(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got '" + value + "'");
    }

    private static String first(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private boolean authorized(HttpRequest req) {
        String h = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        String presented = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        return api.token().accepts(presented);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (upload != null) {
            upload.broken();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("http: node={} closing connection from {}: {}", api.ring().self().name(), ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
