package io.chordmr.engine.task;

import io.chordmr.engine.sort.MapOutput;
import io.chordmr.engine.jobcode.JobCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs attempts' job code: the same in a task process and in {@code chordmr local}'s own JVM. Each
 * job's classes are loaded once per runner, in a class loader of the job's own that {@link
 * #forget} closes, so attempts of a job reuse them and the engine's code stays compiled.
 */
public final class TaskRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final Map<String, JobCode> codes = new ConcurrentHashMap<>();

    /** Runs the attempt to its end; never throws for anything the job's code does. */
    public TaskResult run(TaskWork w, AttemptControl control, Counters counters, ChunkSink sink) {
        try {
            JobCode code = codeFor(w);
            TaskContextImpl context = new TaskContextImpl(w.jobId(), w.taskId(), w.attempt(), w.partitions(), w.spec().getConfig(), counters,
                    w.map() == null ? null : w.map().inputName(), w.filesDir() == null ? null : Path.of(w.filesDir()));
            if (w.map() != null) {
                return mapped(w, code, context, control);
            }
            ReduceOutput out = new ReduceTaskRunner(code, context, control).run(w.reduce().segments(), w.reduce().records(), sink);
            return new TaskResult(counters.snapshot(), null, out, null, false, 0);
        } catch (CancellationException e) {
            return TaskResult.killed(counters.snapshot());
        } catch (TaskFailedException e) {
            return TaskResult.failed(counters.snapshot(), e.getMessage());
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            if (control.killed()) {
                return TaskResult.killed(counters.snapshot());
            }
            log.debug("task: job={} task={} attempt={} failed", w.jobId(), w.taskId(), w.attempt(), e);
            return TaskResult.failed(counters.snapshot(), describe(e));
        }
    }

    private TaskResult mapped(TaskWork w, JobCode code, TaskContextImpl context, AttemptControl control) throws Exception {
        TaskWork.MapInput in = w.map();
        byte[] chunk = read(in.chunk());
        MapOutput out = new MapTaskRunner(code, w.spec(), context, control, in.sortBufferBytes())
                .run(chunk, in.datasetOffset(), Path.of(in.outputFile()));
        return new TaskResult(context.counters().snapshot(), new TaskResult.MapResult(boxed(out.lengths()), boxed(out.records())),
                null, null, false, 0);
    }

    /** The chunk's bytes, read straight from the store's file (read-only) and checked against its CRC. */
    static byte[] read(TaskWork.ChunkFile f) throws IOException {
        byte[] data = new byte[f.length()];
        ByteBuffer buf = ByteBuffer.wrap(data);
        try (FileChannel ch = FileChannel.open(Path.of(f.path()))) {
            long pos = f.position();
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new IOException("input chunk file " + f.path() + " is shorter than its header says");
                }
                pos += n;
            }
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        if ((int) crc.getValue() != f.crc()) {
            throw new IOException("input chunk file " + f.path() + " fails its checksum (replaced while the task ran?)");
        }
        return data;
    }

    private JobCode codeFor(TaskWork w) {
        return codes.computeIfAbsent(w.jobId(), id -> new JobCode(w.spec(), w.jarFile() == null ? null : Path.of(w.jarFile()),
                w.filesDir() == null ? null : Path.of(w.filesDir())));
    }

    /** The job has ended: close its class loader. */
    public void forget(String jobId) {
        JobCode code = codes.remove(jobId);
        if (code != null) {
            code.close();
        }
    }

    @Override
    public void close() {
        codes.values().forEach(JobCode::close);
        codes.clear();
    }

    /** A throwable as the user reads it in the job's error: its type and message. */
    public static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static List<Long> boxed(long[] v) {
        List<Long> out = new ArrayList<>(v.length);
        for (long x : v) {
            out.add(x);
        }
        return out;
    }
}
