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
import java.io.OutputStream;
import java.util.Arrays;
import java.util.stream.Stream;
import io.chordmr.store.Split;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Benchmark: put and get throughput on a local ring, next to two yardsticks on the same disk in
 * the same run: a plain fsync'd file copy (the disk's write rate, as {@code dd conv=fsync}), and
 * {@link ReplicatedWriteFloor}, the same replicated write done by hand with nothing but sockets and
 * files. The first put on a fresh ring pays for the JIT and is reported apart from the warm ones.
 */
@Command(name = "bench-store", mixinStandardHelpOptions = true,
        description = "Measure put/get MB/s of a generated file on a local ring against a plain file copy and a hand-written replicated write.")
final class StoreBenchCommand implements Callable<Integer> {

    @Option(names = "--size-mb", description = "File size in MiB (default ${DEFAULT-VALUE}).")
    int sizeMb = 256;

    @Option(names = "--nodes", description = "Ring size (default ${DEFAULT-VALUE}).")
    int nodes = 3;

    @Option(names = "--runs", description = "Puts and gets of the file; the first is reported apart (default ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--dir", description = "Working directory on the disk to measure (default: a temp directory).")
    Path dir;

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        if (runs < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--runs must be at least 1");
        }
        try (WorkDir work = new WorkDir(dir, "chordmr-bench"); LocalRing ring = new LocalRing("bench", nodes, 0, true, null, StoreConfig.DEFAULTS)) {
            Path input = work.path().resolve("input.txt");
            BenchCorpus.TOKENS.write(input, (long) sizeMb << 20);
            long size = Files.size(input);
            double mb = size / (double) (1 << 20);
            int rf = Math.min(StoreConfig.DEFAULTS.replication(), nodes);

            long t0 = System.nanoTime();
            copyAndForce(input, work.path().resolve("copy.txt"));
            double copySec = (System.nanoTime() - t0) / 1e9;
            Files.delete(work.path().resolve("copy.txt"));

            Path floorDir = Files.createDirectory(work.path().resolve("floor"));
            double floorSec = ReplicatedWriteFloor.seconds(input, floorDir, rf, (int) Split.DEFAULT_BYTES);
            try (Stream<Path> files = Files.list(floorDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }

            ClusterToken token = ring.first().config().token();
            NodeApi client = NodeApi.of(List.of(URI.create("http://127.0.0.1:" + ring.first().httpPort())),
                    token.enforced() ? token.value() : null);
            double[] puts = new double[runs];
            double[] gets = new double[runs];
            // The CPU the process spent (all threads, kernel time included): steadier than wall time on a shared machine.
            double[] putCpu = new double[runs];
            double[] getCpu = new double[runs];
            for (int run = 0; run < runs; run++) {
                String name = "bench-" + run;
                long cpu0 = processCpuNanos();
                t0 = System.nanoTime();
                client.put(name, input, null, null, false);
                puts[run] = (System.nanoTime() - t0) / 1e9;
                putCpu[run] = (processCpuNanos() - cpu0) / 1e9;

                cpu0 = processCpuNanos();
                t0 = System.nanoTime();
                long read;
                try (InputStream in = client.open(name)) {
                    read = in.transferTo(OutputStream.nullOutputStream());
                }
                gets[run] = (System.nanoTime() - t0) / 1e9;
                getCpu[run] = (processCpuNanos() - cpu0) / 1e9;
                if (read != size) {
                    throw new IllegalStateException("get returned " + read + " bytes, expected " + size);
                }
                client.deleteDataset(name);
            }

            double perCopy = mb / copySec / rf;
            System.out.printf("input %.0f MiB, %d nodes, replication %d, %d cores, max heap %d MiB%n", mb, nodes, rf,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            line("plain file copy (fsync)", copySec, mb, String.format("(/ %d copies: %.1f MB/s)", rf, perCopy));
            line("replicated write by hand (loopback, fsync)", floorSec, mb,
                    String.format("(%.2f x copy / %d: sockets and files alone)", mb / floorSec / perCopy, rf));
            report("put", puts, putCpu, mb, perCopy, floorSec, rf);
            report("get", gets, getCpu, mb, 0, 0, rf);
            return 0;
        }
    }

    /** The first run's figure, then the median of the others, against the yardsticks (put) or alone (get), with their CPU. */
    private static void report(String what, double[] seconds, double[] cpu, double mb, double perCopy, double floorSec, int rf) {
        for (int i = 0; i < (seconds.length > 1 ? 2 : 1); i++) {
            double sec = i == 0 ? seconds[0] : median(Arrays.copyOfRange(seconds, 1, seconds.length));
            double cpuSec = i == 0 ? cpu[0] : median(Arrays.copyOfRange(cpu, 1, cpu.length));
            String label = "chordmr " + what + (i == 0 ? ", first on a fresh ring" : ", warm: median of " + (seconds.length - 1));
            String vs = perCopy == 0 ? "" : String.format("%.2f x copy / %d; %.2f x by hand; ", mb / sec / perCopy, rf, floorSec / sec);
            line(label, sec, mb, String.format("(%scpu %.2f s)", vs, cpuSec));
        }
    }

    /** CPU time of this process, every thread, user and system; 0 where the JVM cannot tell. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void line(String what, double seconds, double mb, String note) {
        System.out.printf("%-44s %8.2f s %8.1f MB/s  %s%n", what, seconds, mb / seconds, note);
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
