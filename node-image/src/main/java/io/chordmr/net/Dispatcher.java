package io.chordmr.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Routes each request, by its type code, to the layer that registered that code; a code nobody
 * registered is answered UNSUPPORTED. Two layers claiming one code is a programming error and
 * fails at registration.
 */
public final class Dispatcher {

    /** Told how long each served request took, for metrics. */
    @FunctionalInterface
    public interface Observer {
        void served(MessageType type, long nanos, boolean ok);
    }

    /** One of the two handlers is set. */
    private record Route(MessageType type, RequestHandler handler, BufferRequestHandler buffers) {
    }

    private final Map<Integer, Route> routes = new ConcurrentHashMap<>();
    private volatile Observer observer = (t, n, ok) -> { };

    public void observe(Observer o) {
        this.observer = o;
    }

    public Dispatcher register(MessageType type, RequestHandler handler) {
        return register(new Route(type, handler, null));
    }

    /** Registers a handler that takes the body's buffers, not a copy of them. */
    public Dispatcher registerBuffers(MessageType type, BufferRequestHandler handler) {
        return register(new Route(type, null, handler));
    }

    private Dispatcher register(Route route) {
        MessageType type = route.type();
        if (!Frame.isRequest(type.code()) || type.code() <= 0 || type.code() > Frame.MAX_TYPE) {
            throw new IllegalArgumentException("message type " + type.name() + " has code " + type.code()
                    + ", outside the request codes 3.." + Frame.MAX_TYPE);
        }
        routes.compute(type.code(), (code, old) -> {
            if (old != null && !old.type().equals(type)) {
                throw new IllegalStateException("message code " + code + " is claimed by both " + old.type().name() + " and " + type.name());
            }
            return route;
        });
        return this;
    }

    /** The registered name of a code, for logs; the number itself when nobody registered it. */
    public String nameOf(int code) {
        Route r = routes.get(code);
        return r == null ? "type " + code : r.type().name();
    }

    public CompletableFuture<byte[]> dispatch(int code, byte[] body) {
        Route r = routes.get(code);
        if (r == null) {
            return unsupported(code);
        }
        return serve(r, () -> r.handler() != null ? r.handler().handle(body) : r.buffers().handle(Unpooled.wrappedBuffer(body)));
    }

    /** Serves a request whose body is in buffers; the body is released here or by the handler. */
    public CompletableFuture<byte[]> dispatch(int code, ByteBuf body) {
        Route r = routes.get(code);
        if (r == null) {
            body.release();
            return unsupported(code);
        }
        if (r.buffers() == null) {
            byte[] bytes = LargeFrame.toArray(body);
            return serve(r, () -> r.handler().handle(bytes));
        }
        return serve(r, () -> r.buffers().handle(body));
    }

    private static CompletableFuture<byte[]> unsupported(int code) {
        return CompletableFuture.failedFuture(new RequestException(ErrorCode.UNSUPPORTED, "no handler for message type " + code));
    }

    private CompletableFuture<byte[]> serve(Route r, Supplier<CompletableFuture<byte[]>> call) {
        long start = System.nanoTime();
        CompletableFuture<byte[]> answer;
        try {
            answer = call.get();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        Observer o = observer;
        answer.whenComplete((x, e) -> o.served(r.type(), System.nanoTime() - start, e == null));
        return answer;
    }
}
