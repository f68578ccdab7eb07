package io.chordmr.http;

import io.chordmr.store.DatasetMeta;
import io.chordmr.store.Split;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.regex.Pattern;

/**
 * Streams {@code PUT /datasets/{name}} bodies into the store as they arrive, so an upload of any
 * size never sits in memory; every other request (a {@code PUT ?url=}, which has no body, too)
 * passes on to the aggregator and the route table.
 * A refused upload is answered at once and the rest of its body dropped.
 */
final class DatasetUploadHandler extends ChannelInboundHandlerAdapter {

    static final Pattern UPLOAD = Pattern.compile("/datasets/[^/]+");

    private final ApiContext api;
    private final DatasetRoutes datasets;
    private HttpBodyStream upload;
    private boolean discarding;

    DatasetUploadHandler(ApiContext api, DatasetRoutes datasets) {
        this.api = api;
        this.datasets = datasets;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req && req.method().equals(HttpMethod.PUT)
                && UPLOAD.matcher(new QueryStringDecoder(req.uri()).rawPath()).matches()
                && Call.first(new QueryStringDecoder(req.uri()), "url") == null) {
            ReferenceCountUtil.release(msg);
            start(ctx, req);
        } else if (msg instanceof HttpContent c && (upload != null || discarding)) {
            try {
                if (upload != null) {
                    upload.offer(c.content());
                }
                if (c instanceof LastHttpContent) {
                    if (upload != null) {
                        upload.end();
                    }
                    upload = null;
                    discarding = false;
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String name;
        Split split;
        if (!HttpApiHandler.authorized(ctx, req, api.token())) {
            HttpApiHandler.refuse(ctx, api, req.method(), q.path());
            discarding = true;
            return;
        }
        try {
            name = DatasetRoutes.validName(QueryStringDecoder.decodeComponent(q.rawPath().substring("/datasets/".length())));
            split = DatasetRoutes.split(Call.first(q, "splitBytes"), Call.first(q, "splitRecords"));
        } catch (IllegalArgumentException e) {
            // The body is not read: close the connection rather than leave it half consumed.
            Responses.error(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage(), false);
            discarding = true;
            return;
        }
        boolean overwrite = "true".equals(Call.first(q, "overwrite"));
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpBodyStream body = new HttpBodyStream(ctx.channel());
        upload = body;
        ctx.channel().closeFuture().addListener(f -> body.broken());
        api.workers().execute(() -> {
            try (body) {
                DatasetMeta meta = datasets.put(name, body::nextBuffer, split, overwrite);
                Responses.json(ctx, HttpResponseStatus.CREATED, DatasetRoutes.info(meta), keepAlive);
            } catch (Exception e) {
                Responses.failure(ctx, api.ring().self().name(), e);
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (upload != null) {
            upload.broken();
        }
        ctx.fireChannelInactive();
    }
}
