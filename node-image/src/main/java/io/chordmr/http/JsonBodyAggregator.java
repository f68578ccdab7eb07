package io.chordmr.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Netty's aggregator for the routes' small bodies, refusing an oversized one with the API's JSON error. */
final class JsonBodyAggregator extends HttpObjectAggregator {

    JsonBodyAggregator(int maxBytes) {
        super(maxBytes);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        Responses.error(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "a request body may be at most " + maxContentLength()
                + " bytes; store large input as a dataset (PUT /datasets/NAME)", false);
    }
}
