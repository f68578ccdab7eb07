package io.chordmr.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * One request as a route sees it: the path's parameters, the query, the (aggregated) body, and
 * replies that keep the connection alive when the client asked for it.
 */
record Call(ChannelHandlerContext ctx, Map<String, String> params, QueryStringDecoder query, byte[] body, boolean keepAlive) {

    String param(String name) {
        return params.get(name);
    }

    /** The first value of a query parameter, or null. */
    String query(String name) {
        return first(query, name);
    }

    static String first(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    void json(HttpResponseStatus status, Object body) {
        Responses.json(ctx, status, body, keepAlive);
    }

    void ok(Object body) {
        json(HttpResponseStatus.OK, body);
    }

    void error(HttpResponseStatus status, String message) {
        Responses.error(ctx, status, message, keepAlive);
    }
}
