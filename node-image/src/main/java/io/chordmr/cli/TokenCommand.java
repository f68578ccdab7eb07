package io.chordmr.cli;

import io.chordmr.net.ClusterToken;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Prints a fresh random cluster token. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a new random cluster token, e.g. chordmr token > cluster.token")
final class TokenCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println(ClusterToken.generate().value());
        return 0;
    }
}
