package io.chordmr.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * {@code /healthz} (liveness: every informer healthy), {@code /readyz} (started; a replica that
 * waits for the Lease is ready too, so a rollout can proceed) and {@code /metrics} (Prometheus).
 */
final class OperatorHttpServer implements AutoCloseable {

    private final HttpServer server;

    private OperatorHttpServer(HttpServer server) {
        this.server = server;
    }

    static OperatorHttpServer start(InetSocketAddress address, Operator operator, PrometheusMeterRegistry registry) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + " for probes and metrics", e);
        }
        server.createContext("/healthz", x -> {
            var info = operator.getRuntimeInfo();
            boolean healthy = !info.isStarted() || info.allEventSourcesAreHealthy();
            reply(x, healthy ? 200 : 503, healthy ? "ok\n" : "unhealthy event sources: " + info.unhealthyEventSources() + "\n",
                    "text/plain");
        });
        server.createContext("/readyz", x -> {
            boolean started = operator.getRuntimeInfo().isStarted();
            reply(x, started ? 200 : 503, started ? "ready\n" : "starting\n", "text/plain");
        });
        server.createContext("/metrics", x -> reply(x, 200, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8"));
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "operator-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new OperatorHttpServer(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange x, int status, String body, String type) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
