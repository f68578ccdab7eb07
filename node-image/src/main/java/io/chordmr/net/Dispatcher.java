package io.chordmr.net;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Routes each request type to the component that serves it; unknown types are UNSUPPORTED. */
public final class Dispatcher implements RequestHandler {

    private final Map<MessageType, RequestHandler> handlers = new EnumMap<>(MessageType.class);

    public synchronized Dispatcher register(MessageType type, RequestHandler handler) {
        handlers.put(type, handler);
        return this;
    }

    @Override
    public CompletableFuture<byte[]> handle(MessageType type, byte[] body) {
        RequestHandler h;
        synchronized (this) {
            h = handlers.get(type);
        }
        if (h == null) {
            return CompletableFuture.failedFuture(
                    new RequestException(ErrorCode.UNSUPPORTED, "no handler for message type " + type));
        }
        try {
            return h.handle(type, body);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
