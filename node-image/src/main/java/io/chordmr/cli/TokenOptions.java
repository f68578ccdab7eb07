package io.chordmr.cli;

import io.chordmr.net.ClusterToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the cluster token comes from: a file, or CHORDMR_TOKEN. */
final class TokenOptions {

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the cluster token (or set CHORDMR_TOKEN).")
    Path tokenFile;

    /** The token, or null when neither the flag nor the variable gives one. */
    ClusterToken tokenOrNull() throws IOException {
        if (tokenFile != null) {
            if (!Files.isReadable(tokenFile)) {
                throw new IllegalArgumentException("token file " + tokenFile + " does not exist or is not readable");
            }
            return ClusterToken.of(Files.readString(tokenFile, StandardCharsets.UTF_8));
        }
        String env = System.getenv("CHORDMR_TOKEN");
        return env == null || env.isBlank() ? null : ClusterToken.of(env);
    }
}
