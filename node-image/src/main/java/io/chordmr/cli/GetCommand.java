package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import io.chordmr.logging.LoggingOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Writes a dataset to standard output, byte for byte. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Write dataset NAME to standard output, byte for byte.")
final class GetCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        OutputStream out = System.out;
        try (InputStream in = client.client().open(name)) {
            in.transferTo(out);
        }
        out.flush();
        return 0;
    }
}
