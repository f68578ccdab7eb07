package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import io.chordmr.logging.LoggingOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes a dataset to standard output, byte for byte, or has the ring write it to S3. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Write dataset NAME to standard output, byte for byte, "
        + "or with --to to an S3 object that the ring writes itself.")
final class GetCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--to", paramLabel = "URL", description = "s3://bucket/key (or a prefix/, for prefix/NAME): a node writes "
            + "the dataset there with its own S3 configuration; nothing passes through this machine.")
    String to;

    @Option(names = "--overwrite", description = "With --to: replace an object already there.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        if (to != null) {
            System.out.printf("wrote %s to %s%n", name, client.client().exportDataset(name, to, overwrite));
            return 0;
        }
        if (overwrite) {
            throw new IllegalArgumentException("--overwrite goes with --to");
        }
        OutputStream out = System.out;
        try (InputStream in = client.client().open(name)) {
            in.transferTo(out);
        }
        out.flush();
        return 0;
    }
}
