package io.chordmr.engine.task.child;

import io.chordmr.engine.sort.MapOutput;
import io.chordmr.engine.task.AttemptControl;
import io.chordmr.engine.task.ChunkSink;
import io.chordmr.engine.task.Counters;
import io.chordmr.engine.task.JitActivity;
import io.chordmr.engine.task.TaskResult;
import io.chordmr.engine.task.TaskRunner;
import io.chordmr.engine.task.TaskWork;
import io.chordmr.engine.task.wire.TaskChannel;
import io.chordmr.manifest.InputSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.StepSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles the engine's map and reduce path in a new task process before its first attempt: a
 * fresh JVM ran a 512 MiB word count's maps at half their later speed for the whole first job, as
 * C2 compiled the path while the maps ran on two cores. The warm-up runs word counts (the shipped
 * {@code WordCountMapper} over Text and the String-based one, so both record paths are compiled)
 * over generated text through the same {@link TaskRunner} attempts use, each attempt's work and
 * result through the channel's JSON as a real one's. It runs until the JIT settles (its threads
 * idle through two stretches of maps in a row) or {@code maxMaps}: a fixed 16 maps ended with
 * C2's queue still full, and a first job's maps then ran 2x slower for their first quarter. The
 * node asks for it only while it runs no attempt, and stops it (at the next record) when one
 * starts, so warming never takes a core from work.
 */
final class Warmup implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Warmup.class);

    /**
     * At most this many map attempts of {@value #CHUNK_BYTES} bytes; the task JVMs of an idle
     * 3-node ring on two cores settled after 36 to 86 (3 to 5 s).
     */
    static final int MAX_MAPS = 128;
    /** At least this many, so that both mappers and two reduces of each have run before the JIT can count as settled. */
    static final int MIN_MAPS = 8;
    static final int CHUNK_BYTES = 1 << 20;
    /** A stretch of maps this long in which the JIT's threads used under a twentieth of it counts as quiet; two in a row, settled. */
    private static final long STRETCH_NANOS = 300_000_000;
    private static final int PARTITIONS = 4;
    private static final String[] MAPPERS = {"io.chordmr.examples.WordCountMapper", "io.chordmr.examples.StringWordCountMapper"};

    private final Path dir;
    private final int maxMaps;
    private final boolean untilSettled;
    private final AttemptControl control = new AttemptControl();
    private volatile boolean finished;

    /**
     * @param dir          a directory of the process's own, removed when the warm-up ends
     * @param maxMaps      the most maps it runs
     * @param untilSettled whether it ends sooner, once the JIT has settled
     */
    Warmup(Path dir, int maxMaps, boolean untilSettled) {
        this.dir = dir;
        this.maxMaps = maxMaps;
        this.untilSettled = untilSettled;
    }

    /** A real attempt is starting: the warm-up stops at its next record. */
    void stop() {
        control.kill("a real attempt arrived");
    }

    boolean finished() {
        return finished;
    }

    @Override
    public void run() {
        long t0 = System.nanoTime();
        int done = 0;
        boolean settled = false;
        try (TaskRunner runner = new TaskRunner()) {
            Files.createDirectories(dir);
            byte[] text = corpus(CHUNK_BYTES, new SplittableRandom(7));
            Path chunk = Files.write(dir.resolve("input"), text);
            CRC32 crc = new CRC32();
            crc.update(text);
            TaskWork.ChunkFile input = new TaskWork.ChunkFile(chunk.toString(), 0, text.length, (int) crc.getValue());
            List<Path> outputs = new ArrayList<>();
            int sortBuffer = TaskWork.MapInput.sortBufferFor(Runtime.getRuntime().maxMemory());
            boolean judge = untilSettled && JitActivity.available(); // without /proc it runs its maximum
            Settling jit = new Settling(JitActivity::compilerCpuNanos, System::nanoTime, STRETCH_NANOS);
            for (int i = 0; i < maxMaps && !control.killed() && !settled; i++) {
                JobSpec spec = spec(MAPPERS[i % MAPPERS.length]);
                Path out = dir.resolve("map-" + i);
                TaskWork map = new TaskWork("warm-up", "m" + i, 0, spec, null, null, PARTITIONS,
                        new TaskWork.MapInput(input, 0, "warm-up", out.toString(), sortBuffer), null);
                if (!succeeded(run(runner, map, null))) {
                    return;
                }
                outputs.add(out);
                done++;
                if (outputs.size() == MAPPERS.length * 2) { // a reduce of each kind's outputs, as a job's would follow
                    if (!reduce(runner, spec, outputs, i)) {
                        return;
                    }
                    for (Path p : outputs) {
                        Files.deleteIfExists(p);
                    }
                    outputs.clear();
                }
                settled = judge && jit.quiet() && done >= MIN_MAPS;
            }
            finished = true;
        } catch (IOException | RuntimeException e) {
            log.warn("task: pid={} warm-up stopped: {}", ProcessHandle.current().pid(), e.toString());
        } finally {
            delete(dir);
            log.info("task: pid={} warm-up ran {} maps in {} ms{}", ProcessHandle.current().pid(), done,
                    (System.nanoTime() - t0) / 1_000_000, settled ? "; the JIT settled" : "");
        }
    }

    /**
     * Whether the JIT has gone quiet: its threads used under a twentieth of each of the last two
     * stretches (of at least {@code stretchNanos}) between calls.
     */
    static final class Settling {
        private final LongSupplier jitNanos;
        private final LongSupplier clock;
        private final long stretchNanos;
        private long stretchStart;
        private long jitAtStart;
        private int quietStretches;

        Settling(LongSupplier jitNanos, LongSupplier clock, long stretchNanos) {
            this.jitNanos = jitNanos;
            this.clock = clock;
            this.stretchNanos = stretchNanos;
            this.stretchStart = clock.getAsLong();
            this.jitAtStart = jitNanos.getAsLong();
        }

        /** Called after each map. */
        boolean quiet() {
            long now = clock.getAsLong();
            long elapsed = now - stretchStart;
            if (elapsed < stretchNanos) {
                return quietStretches >= 2;
            }
            long jit = jitNanos.getAsLong();
            quietStretches = (jit - jitAtStart) * 20 < elapsed ? quietStretches + 1 : 0;
            stretchStart = now;
            jitAtStart = jit;
            return quietStretches >= 2;
        }
    }

    /**
     * One attempt, its work decoded from the channel's JSON and its progress and result encoded, as
     * {@link ChildAttempt} does: a first job's attempts otherwise compiled that path, and generated
     * the reflection and annotation classes it needs, on the task's time.
     */
    private TaskResult run(TaskRunner runner, TaskWork work, ChunkSink names) throws IOException {
        TaskWork received = TaskChannel.JSON.readValue(TaskChannel.JSON.writeValueAsBytes(work), TaskWork.class);
        Counters counters = new Counters();
        TaskResult r = runner.run(received, control, counters, names);
        TaskChannel.JSON.writeValueAsBytes(new TaskChannel.Progress(control.progress(), counters.snapshot()));
        TaskChannel.JSON.writeValueAsBytes(r);
        return r;
    }

    private boolean reduce(TaskRunner runner, JobSpec spec, List<Path> outputs, int round) throws IOException {
        for (int p = 0; p < PARTITIONS && !control.killed(); p++) {
            List<TaskWork.SegmentFile> segments = new ArrayList<>();
            long records = 0;
            for (Path out : outputs) {
                MapOutput index = MapOutput.readIndex(out);
                segments.add(new TaskWork.SegmentFile(out.toString(), index.offsets()[p], index.lengths()[p]));
                records += index.records()[p];
            }
            TaskWork reduce = new TaskWork("warm-up", "r" + round + "-" + p, 0, spec, null, null, PARTITIONS, null,
                    new TaskWork.ReduceInput(segments, records));
            if (!succeeded(run(runner, reduce, (i, bytes) -> "warm-up/" + i))) {
                return false;
            }
        }
        return true;
    }

    private boolean succeeded(TaskResult r) {
        if (r.error() != null && !control.killed()) {
            log.warn("task: pid={} warm-up attempt failed: {}", ProcessHandle.current().pid(), r.error());
        }
        return r.error() == null && !control.killed();
    }

    /** The warm-up's files: a flat directory of its own. */
    private static void delete(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.debug("task: pid={} could not remove its warm-up files {}: {}", ProcessHandle.current().pid(), dir, e.toString());
        }
    }

    private static JobSpec spec(String mapper) {
        JobSpec s = new JobSpec();
        InputSpec in = new InputSpec();
        in.setDataset("warm-up");
        s.setInput(in);
        s.setMapper(StepSpec.ofClass(mapper));
        s.setCombiner(StepSpec.ofClass("io.chordmr.examples.SumReducer"));
        s.setReducer(StepSpec.ofClass("io.chordmr.examples.SumReducer"));
        s.setReduces(PARTITIONS);
        return s;
    }

    /** Endings shared by many words: keys that tie on their first bytes take the table's slower sort path, as real words do. */
    private static final String[] SUFFIXES = {"", "s", "ed", "ing", "er", "ly", "ation", "ations", "ational", "ationally", "ness",
        "ment", "ments", "ingly", "able", "ability"};
    /** Words made from each stem, with different endings. */
    private static final int FAMILY = 4;

    /**
     * Lines of 5 to 20 words drawn with a skew from 50,000 made-up words (families of four: a stem
     * of 2 to 9 letters with four common endings): text shaped like a word count's input, with as
     * many distinct words in a chunk as real text has.
     */
    static byte[] corpus(int bytes, SplittableRandom random) {
        byte[][] words = new byte[50_000][];
        for (int i = 0; i < words.length; i += FAMILY) {
            byte[] stem = new byte[2 + random.nextInt(8)];
            for (int j = 0; j < stem.length; j++) {
                stem[j] = (byte) ('a' + random.nextInt(26));
            }
            int first = random.nextInt(SUFFIXES.length);
            for (int k = 0; k < FAMILY; k++) {
                byte[] suffix = SUFFIXES[(first + k) % SUFFIXES.length].getBytes(StandardCharsets.US_ASCII);
                words[i + k] = Arrays.copyOf(stem, stem.length + suffix.length);
                System.arraycopy(suffix, 0, words[i + k], stem.length, suffix.length);
            }
        }
        // Bytes, not a StringBuilder: the process is cold, and this runs before its first map.
        ByteArrayOutputStream b = new ByteArrayOutputStream(bytes + 256);
        while (b.size() < bytes) {
            int n = 5 + random.nextInt(16);
            for (int i = 0; i < n; i++) {
                double u = random.nextDouble();
                b.writeBytes(words[(int) (words.length * u * u * u)]);
                b.write(i == n - 1 ? '\n' : ' ');
            }
        }
        return b.toByteArray();
    }
}
