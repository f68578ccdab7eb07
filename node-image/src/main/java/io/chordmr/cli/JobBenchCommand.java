package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import io.chordmr.client.JobPhase;
import io.chordmr.client.JobTasks;
import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.engine.context.TaskProcessSettings;
import io.chordmr.logging.LoggingOptions;
import io.chordmr.manifest.InputSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.MemorySize;
import io.chordmr.manifest.StepSpec;
import io.chordmr.node.ChordMrNode;
import io.chordmr.store.Split;
import io.chordmr.store.StoreConfig;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Benchmark: word count over a generated Zipf corpus on an in-process ring, against the fastest
 * plain single-threaded count of the same file (a byte loop over an open-addressing table, {@link
 * ByteWordCount}); the first job on a fresh ring apart from warm ones; then the latency of small
 * jobs on the warm ring. Every job's output is checked against the reference count.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Word count benchmark against a byte-level single-threaded count, and small-job latency.")
final class JobBenchCommand implements Callable<Integer> {

    @Option(names = "--size-mb", description = "Corpus size in MiB (default ${DEFAULT-VALUE}).")
    int sizeMb = 512;

    @Option(names = "--corpus", description = "WORDS: Zipf s = 1.07 over 50,000 words, 5-20 a line; TOKENS: s = 1.1 over 200,000 "
            + "tokens w<rank>, 1-15 a line (default ${DEFAULT-VALUE}).")
    BenchCorpus corpus = BenchCorpus.WORDS;

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

    @Option(names = "--mapper", description = "Mapper class of the word count (default ${DEFAULT-VALUE}).")
    String mapper = "io.chordmr.examples.WordCountMapper";

    @Option(names = "--dir", description = "Working directory (default: a temp directory).")
    Path dir;

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        try (WorkDir work = new WorkDir(dir, "chordmr-bench")) {
            Path file = work.path().resolve("corpus.txt");
            corpus.write(file, (long) sizeMb << 20);
            double mb = Files.size(file) / (double) (1 << 20);
            System.out.printf("corpus %.0f MiB: %s; %d cores; max heap %d MiB; %d nodes%n", mb, corpus.describe(),
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, nodes);

            // Each count twice: the first warms the page cache and the JIT, the second is the figure.
            ByteWordCount.count(file);
            long t0 = System.nanoTime();
            ByteWordCount.Result reference = ByteWordCount.count(file);
            double plain = (System.nanoTime() - t0) / 1e9;
            line("reference: byte-level count, 1 thread", plain, mb, String.format("(%,d distinct words of %,d)", reference.distinct(),
                    reference.words()));
            stringCount(file);
            t0 = System.nanoTime();
            int stringDistinct = stringCount(file);
            double stringPlain = (System.nanoTime() - t0) / 1e9;
            line("String-based count, 1 thread", stringPlain, mb, String.format("(%.2fx the reference)", stringPlain / plain));
            if (stringDistinct != reference.distinct()) {
                throw new IllegalStateException("the two plain counts disagree: " + stringDistinct + " and " + reference.distinct() + " words");
            }

            TaskProcessSettings tasks = inProcess ? null
                    : TaskProcessSettings.withHeap(MemorySize.parse("--task-heap", taskHeap), MemorySize.parse("--task-heap", taskHeap));
            try (LocalRing ring = new LocalRing("bench", nodes, slots, false, tasks, StoreConfig.DEFAULTS)) {
                return runOnRing(ring.first(), file, mb, plain, reference);
            }
        }
    }

    private int runOnRing(ChordMrNode node, Path file, double mb, double plain, ByteWordCount.Result reference) throws Exception {
        long t0 = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            node.datasets().put("corpus", in, Split.DEFAULT, false);
        }
        double ingest = (System.nanoTime() - t0) / 1e9;
        line("ingest (RF 3, fsync)", ingest, mb, "");

        // The first job on a fresh ring pays for starting and compiling the task processes; the next ones find them warm.
        List<Double> warm = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            t0 = System.nanoTime();
            JobStatus s = runJob(node, "bench-wc-" + run, wordCount(reduces, "corpus", null), JobProgress.POLL_MILLIS);
            double job = (System.nanoTime() - t0) / 1e9;
            double mapPhase = (reducePhaseNanos - t0) / 1e9;
            if (s.state() != JobState.SUCCEEDED) {
                System.out.println("word count FAILED: " + s.state() + " " + s.error());
                return 1;
            }
            checkOutput(node, s, reference);
            String what = run == 0 ? "word count, first job on a fresh ring" : "word count, warm (run " + (run + 1) + ")";
            long killed = s.counters().getOrDefault("killedAttempts", 0L);
            line(what, job, mb, String.format("(%.2fx the reference; map phase %.2f s, reduce %.2f s%s)", job / plain, mapPhase,
                    job - mapPhase, killed > 0 ? "; " + killed + " attempts killed, backups that lost" : ""));
            System.out.println("    " + mapAttempts(node, "bench-wc-" + run, t0));
            if (run > 0) {
                warm.add(job);
            }
        }
        if (!warm.isEmpty()) {
            double[] w = warm.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = w[w.length / 2];
            line("word count, warm: median", median, mb, String.format("(%.2fx the reference)", median / plain));
        }
        smallJobs(node);
        return 0;
    }

    /**
     * Where a job's map time went: when its first map attempt began, the attempts' mean and slowest
     * times, and the mean of each quarter of them in the order they began (a ramp shows the JIT
     * still compiling).
     */
    private static String mapAttempts(ChordMrNode node, String id, long startNanos) {
        List<JobTasks.Attempt> maps = new ArrayList<>();
        for (JobTasks.Task t : node.engine().jobs().tasks(id).tasks()) {
            for (JobTasks.Attempt a : t.attempts()) {
                if (t.kind().equals("map") && a.endTime() > 0) {
                    maps.add(a);
                }
            }
        }
        if (maps.isEmpty()) {
            return "maps: none ended";
        }
        maps.sort(Comparator.comparingLong(JobTasks.Attempt::startTime));
        long sum = 0;
        long max = 0;
        StringBuilder quarters = new StringBuilder();
        for (int q = 0; q < 4; q++) {
            int from = maps.size() * q / 4;
            int to = maps.size() * (q + 1) / 4;
            long qs = 0;
            for (int i = from; i < to; i++) {
                long ms = maps.get(i).endTime() - maps.get(i).startTime();
                qs += ms;
                sum += ms;
                max = Math.max(max, ms);
            }
            quarters.append(q == 0 ? "" : ", ").append(to > from ? qs / (to - from) : 0);
        }
        long submitted = System.currentTimeMillis() - (System.nanoTime() - startNanos) / 1_000_000;
        return String.format("maps: first attempt began %d ms after submit; %d attempts, mean %d ms (by quarter %s), slowest %d ms",
                maps.get(0).startTime() - submitted, maps.size(), sum / maps.size(), quarters, max);
    }

    private static void line(String what, double seconds, double mb, String note) {
        System.out.printf("%-44s %8.2f s %8.1f MB/s  %s%n", what, seconds, mb / seconds, note);
    }

    /** The job's output against the reference: the same words with the same counts (by an order-free check sum). */
    private static void checkOutput(ChordMrNode node, JobStatus s, ByteWordCount.Result reference) throws Exception {
        long[] sum = new long[1];
        long[] lines = new long[1];
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        node.datasets().copyTo(node.datasets().meta(s.outputDataset()), new OutputStream() {
            @Override
            public void write(int b) {
                if (b != '\n') {
                    pending.write(b);
                    return;
                }
                byte[] line = pending.toByteArray();
                pending.reset();
                int tab = line.length - 1;
                while (line[tab] != '\t') {
                    tab--;
                }
                sum[0] += ByteWordCount.wordHash(line, 0, tab) * Long.parseLong(new String(line, tab + 1, line.length - tab - 1,
                        StandardCharsets.US_ASCII));
                lines[0]++;
            }
        });
        if (lines[0] != reference.distinct() || sum[0] != reference.checksum()) {
            throw new IllegalStateException("job " + s.id() + " counted " + lines[0] + " words, the reference " + reference.distinct()
                    + (sum[0] != reference.checksum() ? ", and their counts differ" : ""));
        }
    }

    private void smallJobs(ChordMrNode node) {
        if (smallJobs < 1) {
            return;
        }
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
            JobStatus s = runJob(node, "small-" + i, wordCount(1, null, lines), SMALL_JOB_POLL_MILLIS);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (s.state() != JobState.SUCCEEDED) {
                throw new IllegalStateException("small job failed: " + s.error());
            }
        }
        Arrays.sort(ms);
        System.out.printf("%-44s median %.1f ms, p95 %.1f ms (%d jobs, 1 KB each)%n", "small jobs, submit to result",
                ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.95) - 1], smallJobs);
    }

    private long reducePhaseNanos;

    /**
     * A small job's status poll: often enough to time a job of about 100 ms. The word counts poll
     * as {@code submit --wait} does: a poll is a call to the job's coordinator, and 200 a second
     * took 9% from the first job on a fresh ring, whose node JVM was still compiling that path.
     */
    private static final long SMALL_JOB_POLL_MILLIS = 5;

    private JobStatus runJob(ChordMrNode node, String id, JobSpec spec, long pollMillis) {
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
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private JobSpec wordCount(int reduces, String dataset, List<String> lines) {
        JobSpec s = new JobSpec();
        InputSpec in = new InputSpec();
        in.setDataset(dataset);
        in.setLines(lines);
        s.setInput(in);
        s.setMapper(StepSpec.ofClass(mapper));
        s.setCombiner(StepSpec.ofClass("io.chordmr.examples.SumReducer"));
        s.setReducer(StepSpec.ofClass("io.chordmr.examples.SumReducer"));
        s.setReduces(reduces);
        return s;
    }

    /** The String-based count this benchmark used to compare against: a String per line and per word, a HashMap. */
    static int stringCount(Path file) throws Exception {
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
}
