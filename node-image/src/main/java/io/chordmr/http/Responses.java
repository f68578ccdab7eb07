package io.chordmr.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chordmr.engine.input.UrlException;
import io.chordmr.ring.LookupException;
import io.chordmr.store.DatasetExistsException;
import io.chordmr.store.StoreUnavailableException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes complete HTTP responses; JSON for everything but metrics and dataset bodies. */
final class Responses {

    private static final Logger log = LoggerFactory.getLogger(Responses.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {
    }

    static void json(ChannelHandlerContext ctx, HttpResponseStatus status, Object body, boolean keepAlive) {
        send(ctx, status, "application/json", encode(body), keepAlive, Map.of());
    }

    static void error(ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean keepAlive) {
        error(ctx, status, message, keepAlive, Map.of());
    }

    static void error(ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean keepAlive,
                      Map<CharSequence, String> headers) {
        send(ctx, status, "application/json", encode(Map.of("error", message == null ? status.reasonPhrase() : message,
                "status", status.code())), keepAlive, headers);
    }

    /**
     * An error that ends the connection, written now; the caller closes the channel once the
     * client has stopped sending (closing with unread bytes makes the kernel answer with a reset).
     */
    static void errorThenLinger(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        FullHttpResponse r = response(status, "application/json", encode(Map.of("error", message, "status", status.code())), Map.of());
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(r);
    }

    /** The response for a request that failed: what the client can act on, and the connection closed. */
    static void failure(ChannelHandlerContext ctx, String node, Exception e) {
        if (e instanceof IllegalArgumentException) {
            error(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage(), false);
        } else if (e instanceof UrlException u) {
            // Named URL and the far server's answer: the caller's mistake, or the far server's failure.
            error(ctx, u.badUrl() ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.BAD_GATEWAY, e.getMessage(), false);
        } else if (e instanceof DatasetExistsException) {
            error(ctx, HttpResponseStatus.CONFLICT, e.getMessage(), false);
        } else if (e instanceof StoreUnavailableException || e instanceof LookupException) {
            error(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage(), false);
        } else {
            log.warn("http: node={} request failed: {}", node, e.toString(), e);
            error(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, e.toString(), false);
        }
    }

    static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, byte[] body, boolean keepAlive) {
        send(ctx, status, contentType, body, keepAlive, Map.of());
    }

    static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, byte[] body, boolean keepAlive,
                     Map<CharSequence, String> headers) {
        FullHttpResponse r = response(status, contentType, body, headers);
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body, Map<CharSequence, String> headers) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.forEach((k, v) -> r.headers().set(k, v));
        return r;
    }

    private static byte[] encode(Object body) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return "{\"error\":\"cannot encode response\",\"status\":500}".getBytes(StandardCharsets.UTF_8);
        }
    }
}
