package io.chordmr.net;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A network inside one JVM: each node's transport calls its peers' handlers directly, on the
 * caller's thread. Lets a simulation run thousands of Chord nodes deterministically.
 */
public final class InMemoryNetwork {

    private final Map<Address, Dispatcher> nodes = new ConcurrentHashMap<>();
    private final Map<Address, Long> requestCounts = new ConcurrentHashMap<>();
    private final Map<Address, java.util.concurrent.atomic.AtomicLong> bodyBytes = new ConcurrentHashMap<>();

    /** Attaches a node; its handler serves every request sent to {@code address}. */
    public Transport attach(Address address, Dispatcher handler) {
        if (nodes.putIfAbsent(address, handler) != null) {
            throw new IllegalStateException("address " + address + " is already attached");
        }
        return new InMemoryTransport(address);
    }

    /** The node stops answering at once, as if its process died. */
    public void kill(Address address) {
        nodes.remove(address);
    }

    public boolean isAlive(Address address) {
        return nodes.containsKey(address);
    }

    /** How many requests a node has sent. */
    public long requestsSent(Address sender) {
        return requestCounts.getOrDefault(sender, 0L);
    }

    /** The body bytes of every request a node sent and of the answers it got, as a wire would carry them less the frame headers. */
    public long bodyBytes(Address sender) {
        var b = bodyBytes.get(sender);
        return b == null ? 0 : b.get();
    }

    private final class InMemoryTransport implements Transport {
        private final Address self;

        InMemoryTransport(Address self) {
            this.self = self;
        }

        @Override
        public Address localAddress() {
            return self;
        }

        @Override
        public CompletableFuture<byte[]> request(Address to, MessageType type, byte[] body, Duration timeout) {
            if (!nodes.containsKey(self)) {
                return CompletableFuture.failedFuture(new PeerUnreachableException(to, "sender is dead", null));
            }
            Dispatcher h = nodes.get(to);
            if (h == null) {
                return CompletableFuture.failedFuture(new PeerUnreachableException(to, "no such live node", null));
            }
            requestCounts.merge(self, 1L, Long::sum);
            var bytes = bodyBytes.computeIfAbsent(self, a -> new java.util.concurrent.atomic.AtomicLong());
            bytes.addAndGet(body.length);
            return h.dispatch(type.code(), body).thenApply(answer -> {
                bytes.addAndGet(answer.length);
                return answer;
            }).exceptionallyCompose(e -> {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof RequestException re) {
                    return CompletableFuture.failedFuture(new RemoteException(to, re.code(), re.getMessage()));
                }
                return CompletableFuture.failedFuture(cause);
            });
        }

        @Override
        public void close() {
            nodes.remove(self);
        }
    }
}
