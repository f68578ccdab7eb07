package io.chordmr.cli;

import java.util.List;
import java.net.URI;
import io.chordmr.store.StoreConfig;
import io.chordmr.net.ClusterToken;
import io.chordmr.client.NodeApi;
import ch.qos.logback.classic.Level;
import io.chordmr.logging.LoggingOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Benchmark: put and get throughput on a local ring, next to a plain file copy on the same disk. */
@Command(name = "bench-store", mixinStandardHelpOptions = true,
        description = "Measure put/get MB/s of a generated file on a local ring against a plain file copy.")
final class StoreBenchCommand implements Callable<Integer> {

    @Option(names = "--size-mb", description = "File size in MiB (default ${DEFAULT-VALUE}).")
    int sizeMb = 256;

    @Option(names = "--nodes", description = "Ring size (default ${DEFAULT-VALUE}).")
    int nodes = 3;

    @Option(names = "--dir", description = "Working directory on the disk to measure (default: a temp directory).")
    Path dir;

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        try (WorkDir work = new WorkDir(dir, "chordmr-bench"); LocalRing ring = new LocalRing("bench", nodes, 0, true, null, StoreConfig.DEFAULTS)) {
            Path input = work.path().resolve("input.txt");
            BenchCorpus.TOKENS.write(input, (long) sizeMb << 20);
            double mb = Files.size(input) / (double) (1 << 20);

            long t0 = System.nanoTime();
            copyAndForce(input, work.path().resolve("copy.txt"));
            double copySec = (System.nanoTime() - t0) / 1e9;

            ClusterToken token = ring.first().config().token();
            NodeApi client = NodeApi.of(List.of(URI.create("http://127.0.0.1:" + ring.first().httpPort())),
                    token.enforced() ? token.value() : null);

            t0 = System.nanoTime();
            client.put("bench", input, null, null, false);
            double putSec = (System.nanoTime() - t0) / 1e9;

            t0 = System.nanoTime();
            long read;
            try (InputStream in = client.open("bench")) {
                read = in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            double getSec = (System.nanoTime() - t0) / 1e9;
            if (read != Files.size(input)) {
                throw new IllegalStateException("get returned " + read + " bytes, expected " + Files.size(input));
            }
            System.out.printf("input %.0f MiB, %d nodes, replication %d, %d cores, max heap %d MiB%n", mb, nodes,
                    Math.min(3, nodes), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("%-34s %8.2f s %9.1f MB/s%n", "plain file copy (fsync)", copySec, mb / copySec);
            System.out.printf("%-34s %8.2f s %9.1f MB/s%n", "chordmr put (HTTP, RF copies fsync)", putSec, mb / putSec);
            System.out.printf("%-34s %8.2f s %9.1f MB/s%n", "chordmr get (HTTP)", getSec, mb / getSec);
            return 0;
        }
    }

    private static void copyAndForce(Path from, Path to) throws IOException {
        try (FileChannel in = FileChannel.open(from);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long pos = 0;
            long size = in.size();
            while (pos < size) {
                pos += in.transferTo(pos, size - pos, out);
            }
            out.force(true);
        }
    }
}
