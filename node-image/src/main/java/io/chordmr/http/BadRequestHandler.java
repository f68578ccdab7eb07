package io.chordmr.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers a request the decoder could not read with what was wrong, before anything asks for the
 * token: an over-long request line is a 414 and over-large headers a 431 (each naming the limit),
 * a URI whose %-escapes do not decode and anything else malformed a 400. Such a request never
 * reaches the routes, so a caller with the right token is not told it has the wrong one; the connection closes, as the decoder cannot
 * tell where the next request starts.
 */
final class BadRequestHandler extends ChannelInboundHandlerAdapter {

    private boolean answered;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DecoderResult r = msg instanceof HttpObject o ? o.decoderResult() : DecoderResult.SUCCESS;
        String badUri = r.isFailure() || !(msg instanceof HttpRequest req) ? null : undecodable(req.uri());
        if (!r.isFailure() && badUri == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        if (answered) {
            return;
        }
        answered = true;
        Throwable cause = r.cause();
        if (badUri != null) {
            Responses.error(ctx, HttpResponseStatus.BAD_REQUEST, "the request URI cannot be decoded: " + badUri, false);
        } else if (cause instanceof TooLongHttpLineException) {
            Responses.error(ctx, HttpResponseStatus.REQUEST_URI_TOO_LONG, "the request line is longer than "
                    + HttpApiServer.MAX_REQUEST_LINE_BYTES + " bytes (a dataset or job name is at most 200 characters)", false);
        } else if (cause instanceof TooLongHttpHeaderException) {
            Responses.error(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "the request's headers are larger than "
                    + HttpApiServer.MAX_HEADER_BYTES + " bytes", false);
        } else {
            Responses.error(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: " + cause.getMessage(), false);
        }
    }

    /** What is wrong with a URI's %-escapes, or null when its path and query decode. */
    private static String undecodable(String uri) {
        try {
            QueryStringDecoder q = new QueryStringDecoder(uri);
            q.path();
            q.parameters();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
