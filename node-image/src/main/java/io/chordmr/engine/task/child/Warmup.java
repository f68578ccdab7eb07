package io.chordmr.engine.task.child;

import io.chordmr.engine.sort.MapOutput;
import io.chordmr.engine.task.AttemptControl;
import io.chordmr.engine.task.Counters;
import io.chordmr.engine.task.TaskResult;
import io.chordmr.engine.task.TaskRunner;
import io.chordmr.engine.task.TaskWork;
import io.chordmr.manifest.InputSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.StepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles the engine's map and reduce path in a new task process before its first attempt: a
 * fresh JVM ran a 512 MiB word count's maps at half their later speed for the whole first job, as
 * C2 compiled the path while the maps ran on two cores. The warm-up runs word counts (the shipped
 * {@code WordCountMapper} over Text and the String-based one, so both record paths are compiled)
 * over generated text through the same {@link TaskRunner} attempts use. The node asks for it only
 * while it runs no attempt, and stops it (at the next record) when one starts, so warming never
 * takes a core from work.
 */
final class Warmup implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Warmup.class);

    /** Map attempts of {@value #CHUNK_BYTES} bytes each: measured, about what the first job needed to reach its later speed. */
    static final int MAPS = 16;
    static final int CHUNK_BYTES = 1 << 20;
    private static final int PARTITIONS = 4;
    private static final String[] MAPPERS = {"io.chordmr.examples.WordCountMapper", "io.chordmr.examples.StringWordCountMapper"};

    private final Path dir;
    private final int maps;
    private final AttemptControl control = new AttemptControl();
    private volatile boolean finished;

    /** @param dir a directory of the process's own, removed when the warm-up ends */
    Warmup(Path dir, int maps) {
        this.dir = dir;
        this.maps = maps;
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
        try (TaskRunner runner = new TaskRunner()) {
            Files.createDirectories(dir);
            byte[] text = corpus(CHUNK_BYTES, new SplittableRandom(7));
            Path chunk = Files.write(dir.resolve("input"), text);
            CRC32 crc = new CRC32();
            crc.update(text);
            TaskWork.ChunkFile input = new TaskWork.ChunkFile(chunk.toString(), 0, text.length, (int) crc.getValue());
            List<Path> outputs = new ArrayList<>();
            int sortBuffer = TaskWork.MapInput.sortBufferFor(Runtime.getRuntime().maxMemory());
            for (int i = 0; i < maps && !control.killed(); i++) {
                JobSpec spec = spec(MAPPERS[i % MAPPERS.length]);
                Path out = dir.resolve("map-" + i);
                TaskWork map = new TaskWork("warm-up", "m" + i, 0, spec, null, null, PARTITIONS,
                        new TaskWork.MapInput(input, 0, "warm-up", out.toString(), sortBuffer), null);
                if (!succeeded(runner.run(map, control, new Counters(), null))) {
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
            }
            finished = true;
        } catch (IOException | RuntimeException e) {
            log.warn("task: pid={} warm-up stopped: {}", ProcessHandle.current().pid(), e.toString());
        } finally {
            delete(dir);
            log.info("task: pid={} warm-up ran {} maps in {} ms", ProcessHandle.current().pid(), done, (System.nanoTime() - t0) / 1_000_000);
        }
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
            if (!succeeded(runner.run(reduce, control, new Counters(), (i, bytes) -> "warm-up/" + i))) {
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

    /** Lines of 5 to 20 words drawn with a skew from 20,000 made-up words: text shaped like a word count's input. */
    static byte[] corpus(int bytes, SplittableRandom random) {
        String[] words = new String[20_000];
        for (int i = 0; i < words.length; i++) {
            char[] w = new char[3 + random.nextInt(8)];
            for (int j = 0; j < w.length; j++) {
                w[j] = (char) ('a' + random.nextInt(26));
            }
            words[i] = new String(w);
        }
        StringBuilder b = new StringBuilder(bytes + 256);
        while (b.length() < bytes) {
            int n = 5 + random.nextInt(16);
            for (int i = 0; i < n; i++) {
                double u = random.nextDouble();
                b.append(words[(int) (words.length * u * u * u)]).append(i == n - 1 ? '\n' : ' ');
            }
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
