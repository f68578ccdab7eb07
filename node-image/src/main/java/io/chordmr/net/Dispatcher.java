package io.chordmr.net;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Routes each request type to the component that serves it; unknown types are UNSUPPORTED. */
public final class Dispatcher implements RequestHandler {

    /** Told how long each served request took, for metrics. */
    @FunctionalInterface
    public interface Observer {
        void served(MessageType type, long nanos, boolean ok);
    }

    private final Map<MessageType, RequestHandler> handlers = new EnumMap<>(MessageType.class);
    private volatile Observer observer = (t, n, ok) -> { };

    public void observe(Observer o) {
        this.observer = o;
    }

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
        long start = System.nanoTime();
        CompletableFuture<byte[]> answer;
        try {
            answer = h.handle(type, body);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        Observer o = observer;
        answer.whenComplete((r, e) -> o.served(type, System.nanoTime() - start, e == null));
        return answer;
    }
}
