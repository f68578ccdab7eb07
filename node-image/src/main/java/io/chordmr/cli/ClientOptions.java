package io.chordmr.cli;

import java.util.List;
import java.time.Duration;
import java.net.URI;
import io.chordmr.client.ClusterCa;
import io.chordmr.client.NodeApi;
import java.net.http.HttpClient;
import java.nio.file.Path;
import io.chordmr.net.ClusterToken;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How a client command reaches a running ring. */
final class ClientOptions {

    @Option(names = "--ring", paramLabel = "HOST:HTTP_PORT",
            description = "HTTP address of any node (default: CHORDMR_RING or 127.0.0.1:7480).")
    String ring = System.getenv().getOrDefault("CHORDMR_RING", "127.0.0.1:7480");

    @Option(names = "--ca-file", paramLabel = "PEM", description = "The ring's CA: speak TLS to the node and trust only "
            + "certificates this CA signed (default: CHORDMR_CA; without either, plain HTTP).")
    Path caFile = caFromEnvironment();

    @Mixin
    TokenOptions token = new TokenOptions();

    private static Path caFromEnvironment() {
        String ca = System.getenv("CHORDMR_CA");
        return ca == null || ca.isBlank() ? null : Path.of(ca);
    }

    /** The node at {@code --ring}, with the token when one is given, over TLS when a CA is. */
    NodeApi client() throws IOException {
        ClusterToken t = token.tokenOrNull();
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (caFile != null) {
            http.sslContext(ClusterCa.sslContext(caFile));
        }
        return NodeApi.of(http.build(), List.of(URI.create((caFile != null ? "https://" : "http://") + ring)),
                t == null || !t.enforced() ? null : t.value());
    }
}
