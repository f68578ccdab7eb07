package io.chordmr.cli;

import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.engine.S3ProxyServer;
import io.chordmr.engine.context.TaskProcessSettings;
import io.chordmr.engine.input.InputObject;
import io.chordmr.engine.input.InputSources;
import io.chordmr.engine.input.ObjectsStream;
import io.chordmr.manifest.InputSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.MemorySize;
import io.chordmr.manifest.StepSpec;
import io.chordmr.node.ChordMrNode;
import io.chordmr.store.Split;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Benchmark main, not a test: a word count over a corpus read from a local S3 server (S3Proxy over
 * files on disk) against the same corpus already in the ring, and storing the corpus in the ring
 * from S3 against from a local file; on an in-process ring of 3 nodes with task processes, as
 * {@code chordmr bench} runs. Figures on stdout.
 *
 * <pre>
 * mvn -B -o package -DskipTests   # writes node-image/target/test-classpath.txt
 * java -Xmx3g -cp node-image/target/test-classes:node-image/target/classes:$(cat node-image/target/test-classpath.txt) \
 *     io.chordmr.cli.S3Benchmark 512 3
 * </pre>
 */
public final class S3Benchmark {

    private static final int OBJECTS = 8;

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 512;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (String logger : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "io.chordmr", "org.eclipse.jetty", "org.gaul")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(logger)).setLevel(ch.qos.logback.classic.Level.WARN);
        }
        try (WorkDir work = new WorkDir(null, "chordmr-s3bench")) {
            Path corpus = work.path().resolve("corpus.txt");
            BenchCorpus.TOKENS.write(corpus, mib << 20);
            double mb = Files.size(corpus) / (double) (1 << 20);
            int distinct = ByteWordCount.count(corpus).distinct();
            Path s3dir = Files.createDirectories(work.path().resolve("s3"));
            try (S3ProxyServer s3 = new S3ProxyServer(s3dir, "bench")) {
                long t0 = System.nanoTime();
                upload(s3, corpus);
                System.out.printf("corpus %.0f MiB in %d objects, uploaded to S3Proxy (filesystem store) in %.2f s; %d cores%n", mb, OBJECTS,
                        secs(t0), Runtime.getRuntime().availableProcessors());
                TaskProcessSettings tasks = TaskProcessSettings.withHeap(MemorySize.parse("heap", "512Mi"), MemorySize.parse("heap", "512Mi"));
                try (LocalRing ring = new LocalRing("s3bench", 3, 0, false, tasks, io.chordmr.store.StoreConfig.DEFAULTS)) {
                    ChordMrNode node = ring.first();
                    t0 = System.nanoTime();
                    try (InputStream in = Files.newInputStream(corpus)) {
                        node.datasets().put("local", in, Split.DEFAULT, false);
                    }
                    report("put of the local file (RF 3)", secs(t0), mb);
                    t0 = System.nanoTime();
                    InputSources sources = new InputSources();
                    List<InputObject> objects = sources.list("s3://bench/corpus/");
                    try (InputStream in = new ObjectsStream(sources, objects)) {
                        node.datasets().put("from-s3", in, Split.DEFAULT, false);
                    }
                    report("put from S3 (RF 3)", secs(t0), mb);

                    // Warm the task processes first; then the two inputs in turn.
                    job(node, "warm-up", spec("local", null), distinct);
                    List<Double> ringTimes = new ArrayList<>();
                    List<Double> s3Times = new ArrayList<>();
                    for (int run = 0; run < runs; run++) {
                        ringTimes.add(job(node, "ring-" + run, spec("local", null), distinct));
                        s3Times.add(job(node, "s3-" + run, spec(null, "s3://bench/corpus/"), distinct));
                    }
                    System.out.printf("%-36s %s s, median %.2f s (%.1f MB/s)%n", "word count, input in the ring", ringTimes, median(ringTimes),
                            mb / median(ringTimes));
                    System.out.printf("%-36s %s s, median %.2f s (%.1f MB/s)%n", "word count, input read from S3", s3Times, median(s3Times),
                            mb / median(s3Times));
                }
            }
        }
    }

    private static void upload(S3ProxyServer s3, Path corpus) throws Exception {
        byte[] all = Files.readAllBytes(corpus);
        int per = all.length / OBJECTS;
        int start = 0;
        for (int i = 0; i < OBJECTS; i++) {
            int end = i == OBJECTS - 1 ? all.length : start + per;
            while (end < all.length && all[end - 1] != '\n') {
                end++;
            }
            byte[] part = java.util.Arrays.copyOfRange(all, start, end);
            String key = String.format("corpus/part-%02d.txt", i);
            s3.client().putObject(b -> b.bucket("bench").key(key), RequestBody.fromBytes(part));
            start = end;
        }
    }

    private static JobSpec spec(String dataset, String url) {
        JobSpec s = new JobSpec();
        InputSpec in = new InputSpec();
        in.setDataset(dataset);
        in.setUrl(url);
        s.setInput(in);
        s.setMapper(StepSpec.ofClass("io.chordmr.examples.WordCountMapper"));
        s.setCombiner(StepSpec.ofClass("io.chordmr.examples.SumReducer"));
        s.setReducer(StepSpec.ofClass("io.chordmr.examples.SumReducer"));
        s.setReduces(4);
        return s;
    }

    private static double job(ChordMrNode node, String id, JobSpec spec, int distinct) throws InterruptedException {
        long t0 = System.nanoTime();
        node.engine().jobs().submit(id, id, spec);
        JobStatus s;
        while ((s = node.engine().jobs().status(id)) == null || !s.terminal()) {
            TimeUnit.MILLISECONDS.sleep(20); // a benchmark's poll, not a test's wait
        }
        if (s.state() != JobState.SUCCEEDED || s.outputRecords() != distinct) {
            throw new IllegalStateException(id + " failed or is wrong: " + s.state() + " " + s.error() + " records " + s.outputRecords());
        }
        return Math.round(secs(t0) * 100) / 100.0;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void report(String what, double s, double mb) {
        System.out.printf("%-36s %8.2f s %8.1f MB/s%n", what, s, mb / s);
    }
}
