package io.chordmr.cli;

import io.chordmr.client.DatasetInfo;
import ch.qos.logback.classic.Level;
import io.chordmr.logging.LoggingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Uploads a text file as a dataset. */
@Command(name = "put", mixinStandardHelpOptions = true, description = "Upload a text file to the ring as dataset NAME.")
final class PutCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Option(names = "--split-bytes", description = "About this many bytes per chunk, cut at line ends (default 4 MiB).")
    Long splitBytes;

    @Option(names = "--split-records", description = "Exactly this many lines per chunk.")
    Long splitRecords;

    @Option(names = "--overwrite", description = "Replace an existing dataset of that name.")
    boolean overwrite;

    @Parameters(index = "0", paramLabel = "NAME", description = "Dataset name: letters, digits, '.', '_', '-'.")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "Text file to upload, or a URL (s3://bucket/key, a prefix/ or a glob; "
            + "http(s)://) that the ring reads itself.")
    String file;

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        DatasetInfo d;
        if (file.contains("://")) {
            d = client.client().putFromUrl(name, file, splitBytes, splitRecords, overwrite);
        } else {
            Path local = Path.of(file);
            if (!Files.isRegularFile(local)) {
                throw new IllegalArgumentException("file " + file + " does not exist or is not a regular file");
            }
            d = client.client().put(name, local, splitBytes, splitRecords, overwrite);
        }
        System.out.printf("stored %s: %d bytes, %d records, %d chunks%n", d.name(), d.bytes(), d.records(), d.chunks());
        return 0;
    }
}
