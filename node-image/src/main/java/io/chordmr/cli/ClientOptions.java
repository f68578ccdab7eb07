package io.chordmr.cli;

import java.util.List;
import java.time.Duration;
import java.net.URI;
import io.chordmr.client.NodeApi;
import io.chordmr.net.ClusterToken;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How a client command reaches a running ring. */
final class ClientOptions {

    @Option(names = "--ring", paramLabel = "HOST:HTTP_PORT",
            description = "HTTP address of any node (default: CHORDMR_RING or 127.0.0.1:7480).")
    String ring = System.getenv().getOrDefault("CHORDMR_RING", "127.0.0.1:7480");

    @Mixin
    TokenOptions token = new TokenOptions();

    /** The node at {@code --ring}, with the token when one is given. */
    NodeApi client() throws IOException {
        ClusterToken t = token.tokenOrNull();
        return NodeApi.of(List.of(URI.create("http://" + ring)), t == null || !t.enforced() ? null : t.value(), Duration.ofSeconds(5));
    }
}
