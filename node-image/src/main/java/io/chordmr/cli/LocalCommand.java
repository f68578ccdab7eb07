package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import io.chordmr.client.JobState;
import io.chordmr.manifest.JobSpec;
import io.chordmr.engine.JobService;
import io.chordmr.client.JobStatus;
import io.chordmr.engine.manifest.InvalidJobException;
import io.chordmr.engine.manifest.JobManifest;
import io.chordmr.engine.context.TaskProcessSettings;
import io.chordmr.logging.LoggingOptions;
import io.chordmr.node.ChordMrNode;
import io.chordmr.store.Split;
import io.chordmr.store.StoreConfig;
import io.chordmr.store.DatasetMeta;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs a job manifest on a ring embedded in this process. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Start an embedded ring, run the job in JOB.yaml with a progress bar, print or save the result.")
final class LocalCommand implements Callable<Integer> {

    @Option(names = "--nodes", description = "Nodes in the embedded ring (default ${DEFAULT-VALUE}).")
    int nodes = 3;

    @Option(names = "--file", paramLabel = "FILE", description = "Ship FILE with the job: every task finds it by its name (repeatable).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--load", paramLabel = "NAME=FILE", description = "Store FILE as dataset NAME before the job runs (repeatable).")
    List<String> loads = new ArrayList<>();

    @Option(names = "--output", paramLabel = "DIR", description = "Write the result to DIR/part-00000, part-00001, ... (key<TAB>value lines).")
    Path output;

    @Option(names = "--top", paramLabel = "K", description = "Print only the K lines with the largest values.")
    int top;

    @Option(names = "--slots", description = "Tasks each node runs at once (default: cores / nodes, at least 1).")
    int slots;

    @Option(names = "--replication", description = "Copies of every chunk (default ${DEFAULT-VALUE}: the nodes share one process and one disk, "
            + "so more copies protect nothing; 3 shows the ring's replication at work).")
    int replication = 1;

    @Option(names = "--isolate", description = "Run job code in task processes, as ring nodes do, instead of in this process.")
    boolean isolate;

    @Option(names = "--quiet", description = "Print no result, only the counters.")
    boolean quiet;

    @Option(names = "--ui", description = "Serve the dashboard (a signed-in link is printed) and keep the ring up after the job until Ctrl-C.")
    boolean ui;

    @Parameters(index = "0", paramLabel = "JOB.yaml")
    Path manifest;

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        JobManifest job = ManifestFile.read("local", manifest);
        if (job == null) {
            return 2;
        }
        try (LocalRing ring = new LocalRing("local", nodes, slots, ui, isolate ? TaskProcessSettings.defaults() : null,
                StoreConfig.DEFAULTS.ephemeral().withReplication(replication))) {
            ChordMrNode node = ring.first();
            if (ui) {
                System.err.println("dashboard: " + UiCommand.link("http://127.0.0.1:" + node.httpPort(), ring.token()));
            }
            for (String load : loads) {
                load(node, load, job.spec());
            }
            Path base = manifest.toAbsolutePath().getParent();
            ShippedFiles.resolve(job.spec(), base, files, (dataset, file) -> {
                if (node.datasets().meta(dataset) == null) {
                    try (InputStream in = Files.newInputStream(file)) {
                        node.datasets().put(dataset, in, Split.DEFAULT, false);
                    }
                }
            });
            String id = job.name() + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
            try {
                node.engine().jobs().submit(id, job.name(), job.spec());
            } catch (InvalidJobException e) {
                ManifestFile.printProblems("chordmr local: the job was refused:", e.problems());
                return 2;
            }
            JobStatus s = JobProgress.follow(() -> node.engine().jobs().status(id), System.err);
            JobResults.printCounters(s, System.err);
            int code = 0;
            if (s.state() != JobState.SUCCEEDED) {
                System.err.println("chordmr local: job " + s.state().label().toLowerCase() + ": " + s.error());
                code = 1;
            } else {
                result(node, s, job.spec());
            }
            if (ui) {
                keepServing(ring);
            }
            return code;
        }
    }

    /** Holds the ring up for the dashboard until Ctrl-C, then stops it and removes its files before the JVM exits. */
    private static void keepServing(LocalRing ring) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                ring.close();
            } catch (IOException e) {
                System.err.println("chordmr local: cannot remove the ring's files: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "chordmr-local-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        System.err.println("the ring stays up for the dashboard; Ctrl-C stops it");
        stopped.await();
    }

    private static void load(ChordMrNode node, String spec, JobSpec job) throws Exception {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--load takes NAME=FILE, got '" + spec + "'");
        }
        Path file = Path.of(spec.substring(eq + 1));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--load " + spec + ": no file " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            node.datasets().put(spec.substring(0, eq), in, JobService.inputSplit(job), false);
        }
    }

    private void result(ChordMrNode node, JobStatus s, JobSpec spec) throws Exception {
        if (s.outputDataset() == null) {
            System.err.println("result written to " + s.outputUrl());
            return;
        }
        DatasetMeta meta = node.datasets().meta(s.outputDataset());
        if (output != null) {
            Map<String, byte[]> chunks = new LinkedHashMap<>();
            for (int i = 0; i < meta.chunks(); i++) {
                chunks.put(meta.chunkKey(i), node.datasets().chunk(meta, i));
            }
            JobResults.writeParts(chunks, spec.reducesOrDefault(), output);
            System.err.println("result written to " + output + "/part-*");
        }
        if (!quiet && (output == null || top > 0)) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            node.datasets().copyTo(meta, all);
            StringBuilder b = new StringBuilder();
            for (String line : JobResults.select(JobResults.lines(all.toByteArray()), top)) {
                b.append(line).append('\n');
            }
            System.out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            System.out.flush();
        }
    }
}
