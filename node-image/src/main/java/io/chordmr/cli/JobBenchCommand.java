package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import io.chordmr.client.JobPhase;
import io.chordmr.client.JobState;
import io.chordmr.manifest.InputSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.MemorySize;
import io.chordmr.manifest.StepSpec;
import io.chordmr.client.JobStatus;
import io.chordmr.engine.context.TaskProcessSettings;
import io.chordmr.logging.LoggingOptions;
import io.chordmr.node.ChordMrNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Benchmark: word count over a generated Zipf corpus on an in-process ring, next to a plain
 * single-threaded count of the same file; then the latency of small jobs on the warm ring.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Word count benchmark against a single-threaded count, and small-job latency.")
final class JobBenchCommand implements Callable<Integer> {

    @Option(names = "--size-mb", description = "Corpus size in MiB (default ${DEFAULT-VALUE}).")
    int sizeMb = 512;

    @Option(names = "--nodes", description = "Ring size (default ${DEFAULT-VALUE}).")
    int nodes = 3;

    @Option(names = "--slots", description = "Slots per node (default: cores / nodes, at least 1).")
    int slots;

    @Option(names = "--reduces", description = "Reduce tasks (default ${DEFAULT-VALUE}).")
    int reduces = 4;

    @Option(names = "--runs", description = "Word counts of the corpus, one after the other: the first on a fresh ring, "
            + "the others warm (default ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--small-jobs", description = "Small (1 KB) jobs to time (default ${DEFAULT-VALUE}).")
    int smallJobs = 20;

    @Option(names = "--in-process", description = "Run job code in this JVM, as chordmr local does, not in task processes as ring nodes do.")
    boolean inProcess;

    @Option(names = "--task-heap", paramLabel = "SIZE", description = "Heap of each task process (default ${DEFAULT-VALUE}).")
    String taskHeap = "512Mi";

    @Option(names = "--dir", description = "Working directory (default: a temp directory).")
    Path dir;

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        try (WorkDir work = new WorkDir(dir, "chordmr-bench")) {
            Path corpus = work.path().resolve("corpus.txt");
            generate(corpus, (long) sizeMb << 20);
            double mb = Files.size(corpus) / (double) (1 << 20);
            System.out.printf("corpus %.0f MiB (Zipf words, seed 42); %d cores; max heap %d MiB; %d nodes%n", mb,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, nodes);

            long t0 = System.nanoTime();
            int distinct = plainCount(corpus);
            double plain = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%-40s %8.2f s %8.1f MB/s  (%d distinct words)%n", "plain single-threaded Java count", plain, mb / plain, distinct);

            try (LocalRing ring = new LocalRing("bench", nodes, slots, false, inProcess ? null
                    : TaskProcessSettings.withHeap(MemorySize.parse("--task-heap", taskHeap), MemorySize.parse("--task-heap", taskHeap)))) {
                return runOnRing(ring.first(), corpus, mb, plain, distinct);
            }
        }
    }

    private int runOnRing(ChordMrNode node, Path corpus, double mb, double plain, int distinct) throws Exception {
        {
            long t0 = System.nanoTime();
            try (InputStream in = Files.newInputStream(corpus)) {
                node.datasets().put("corpus", in, io.chordmr.store.Split.DEFAULT, false);
            }
            double ingest = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%-40s %8.2f s %8.1f MB/s%n", "ingest (RF 3, fsync)", ingest, mb / ingest);

            // The first job on a fresh ring pays for starting and compiling the task processes; the next ones find them warm.
            for (int run = 0; run < runs; run++) {
                t0 = System.nanoTime();
                JobStatus s = runJob(node, "bench-wc-" + run, wordCount(reduces, "corpus", null));
                double job = (System.nanoTime() - t0) / 1e9;
                if (s.state() != JobState.SUCCEEDED || s.outputRecords() != distinct) {
                    System.out.println("word count FAILED or wrong: " + s.state() + " " + s.error() + " records=" + s.outputRecords());
                    return 1;
                }
                String what = run == 0 ? "word count, first job on the ring" : "word count, warm (run " + (run + 1) + ")";
                System.out.printf("%-40s %8.2f s %8.1f MB/s  (%.2fx the plain count)%n", what, job, mb / job, job / plain);
                System.out.printf("%-40s %8.2f s map phase, %.2f s reduce phase%n", "", (reducePhaseNanos - t0) / 1e9,
                        (System.nanoTime() - reducePhaseNanos) / 1e9);
            }
            smallJobs(node);
            return 0;
        }
    }

    private void smallJobs(ChordMrNode node) {
        List<String> lines = new ArrayList<>();
        Random r = new Random(7);
        int bytes = 0;
        while (bytes < 1024) {
            String l = "w" + r.nextInt(100) + " w" + r.nextInt(100) + " w" + r.nextInt(100);
            lines.add(l);
            bytes += l.length() + 1;
        }
        double[] ms = new double[smallJobs];
        for (int i = 0; i < smallJobs; i++) {
            long t0 = System.nanoTime();
            JobStatus s = runJob(node, "small-" + i, wordCount(1, null, lines));
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (s.state() != JobState.SUCCEEDED) {
                throw new IllegalStateException("small job failed: " + s.error());
            }
        }
        Arrays.sort(ms);
        System.out.printf("%-40s median %.1f ms, p95 %.1f ms (%d jobs, 1 KB each)%n", "small jobs, submit to result",
                ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.95) - 1], smallJobs);
    }

    private long reducePhaseNanos;

    private JobStatus runJob(ChordMrNode node, String id, JobSpec spec) {
        node.engine().jobs().submit(id, id, spec);
        reducePhaseNanos = 0;
        while (true) {
            JobStatus s = node.engine().jobs().status(id);
            if (s != null && s.terminal()) {
                return s;
            }
            if (s != null && reducePhaseNanos == 0 && s.phase() == JobPhase.REDUCE) {
                reducePhaseNanos = System.nanoTime();
            }
            try {
                Thread.sleep(5); // a benchmark's poll: frequent enough to time small jobs, cheap for the ring
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static JobSpec wordCount(int reduces, String dataset, List<String> lines) {
        JobSpec s = new JobSpec();
        InputSpec in = new InputSpec();
        in.setDataset(dataset);
        in.setLines(lines);
        s.setInput(in);
        s.setMapper(StepSpec.ofClass("io.chordmr.examples.WordCountMapper"));
        s.setCombiner(StepSpec.ofClass("io.chordmr.examples.SumReducer"));
        s.setReducer(StepSpec.ofClass("io.chordmr.examples.SumReducer"));
        s.setReduces(reduces);
        return s;
    }

    /** The baseline: read lines, split on whitespace, count in a hash map, one thread. */
    static int plainCount(Path file) throws Exception {
        Map<String, long[]> counts = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int n = line.length();
                int i = 0;
                while (i < n) {
                    while (i < n && Character.isWhitespace(line.charAt(i))) {
                        i++;
                    }
                    int start = i;
                    while (i < n && !Character.isWhitespace(line.charAt(i))) {
                        i++;
                    }
                    if (i > start) {
                        counts.computeIfAbsent(line.substring(start, i), k -> new long[1])[0]++;
                    }
                }
            }
        }
        return counts.size();
    }

    /** Zipf-distributed words (exponent 1.1 over 200,000 ranks), 1 to 15 per line, fixed seed. */
    static void generate(Path file, long bytes) throws Exception {
        int vocabulary = 200_000;
        double[] cdf = new double[vocabulary];
        double sum = 0;
        for (int i = 0; i < vocabulary; i++) {
            sum += 1 / Math.pow(i + 1, 1.1);
            cdf[i] = sum;
        }
        Random r = new Random(42);
        long written = 0;
        StringBuilder line = new StringBuilder();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (written < bytes) {
                line.setLength(0);
                int words = 1 + r.nextInt(15);
                for (int k = 0; k < words; k++) {
                    int i = Arrays.binarySearch(cdf, r.nextDouble() * sum);
                    line.append(k == 0 ? "" : " ").append("w").append(i >= 0 ? i : -i - 1);
                }
                line.append('\n');
                w.append(line);
                written += line.length();
            }
        }
    }
}
