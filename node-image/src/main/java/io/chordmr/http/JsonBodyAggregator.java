package io.chordmr.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's aggregator for the routes' small bodies, refusing an oversized one with the API's JSON
 * error. The connection closes only once the client has sent the rest of the body (up to
 * {@value #DRAIN_LIMIT_BYTES} bytes more): closing while it still writes resets the connection,
 * and most clients then report the reset instead of the 413 they were sent.
 */
final class JsonBodyAggregator extends HttpObjectAggregator {

    static final long DRAIN_LIMIT_BYTES = 64L << 20;

    private boolean draining;
    private long drained;

    JsonBodyAggregator(int maxBytes) {
        super(maxBytes);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        Responses.errorThenLinger(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "a request body may be at most "
                + maxContentLength() + " bytes; store large input as a dataset (PUT /datasets/NAME)");
        draining = !(oversized instanceof LastHttpContent);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!draining || !(msg instanceof HttpContent content)) {
            super.channelRead(ctx, msg);
            return;
        }
        drained += content.content().readableBytes();
        boolean last = msg instanceof LastHttpContent;
        ReferenceCountUtil.release(msg);
        if (last || drained > DRAIN_LIMIT_BYTES) {
            draining = false;
            ctx.close();
        }
    }
}
