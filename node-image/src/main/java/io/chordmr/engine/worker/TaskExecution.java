package io.chordmr.engine.worker;

import io.chordmr.api.spec.JobSpec;
import io.chordmr.engine.EngineContext;
import io.chordmr.engine.EngineMessages.Assignment;
import io.chordmr.engine.EngineMessages.MapOutputFetch;
import io.chordmr.engine.EngineMessages.MapOutputRef;
import io.chordmr.engine.EngineMessages.TaskDone;
import io.chordmr.engine.EngineMessages;
import io.chordmr.engine.io.MapOutput;
import io.chordmr.engine.spec.JobCode;
import io.chordmr.engine.task.MapTaskRunner;
import io.chordmr.engine.task.ReduceOutput;
import io.chordmr.engine.task.ReduceTaskRunner;
import io.chordmr.engine.task.TaskContextImpl;
import io.chordmr.engine.task.TaskFailedException;
import io.chordmr.net.Address;
import io.chordmr.net.MessageType;
import io.chordmr.store.ChunkStore;
import io.chordmr.store.DatasetMeta;
import io.chordmr.store.StoreUnavailableException;
import io.chordmr.store.StoredItem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one assigned attempt on this node and turns its outcome into a {@link TaskDone}. */
final class TaskExecution {

    private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);
    private static final int FETCH_BYTES = 8 << 20;

    private final EngineContext ctx;
    private final MapOutputStore outputs;
    private final Map<String, JobCode> codes = new ConcurrentHashMap<>();

    TaskExecution(EngineContext ctx, MapOutputStore outputs) {
        this.ctx = ctx;
        this.outputs = outputs;
    }

    /** The attempt's result, or null when it was killed (the coordinator already knows). */
    TaskDone execute(RunningAttempt r) {
        Assignment a = r.assignment;
        try {
            JobCode code = codeFor(a.jobId(), a.spec());
            TaskContextImpl context = new TaskContextImpl(a.jobId(), a.taskId(), a.attempt(), a.partitions(), a.spec().getConfig(), r.counters);
            return a.map() ? map(a, code, context, r) : reduce(a, code, context, r);
        } catch (CancellationException e) {
            return null;
        } catch (FetchFailedException e) {
            return failure(a, r, e.getMessage(), true, e.mapTask());
        } catch (TaskFailedException e) {
            return failure(a, r, e.getMessage(), false, null);
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            if (r.control.killed()) {
                return null;
            }
            log.debug("engine: job={} task={} attempt={} failed", a.jobId(), a.taskId(), a.attempt(), e);
            return failure(a, r, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), false, null);
        }
    }

    private TaskDone map(Assignment a, JobCode code, TaskContextImpl context, RunningAttempt r) throws Exception {
        byte[] chunk = readChunk(a.chunkKey());
        Path file = outputs.fileFor(a.jobId(), a.taskId() + "-e" + a.epoch(), a.attempt());
        MapOutput out = new MapTaskRunner(code, a.spec(), context, r.control, ctx.config().sortBufferBytes()).run(chunk, a.chunkOffset(), file);
        return new TaskDone(a.jobId(), a.taskId(), a.attempt(), a.epoch(), ctx.self().name(), true, null, false, null, r.counters.snapshot(),
                file.getFileName().toString(), boxed(out.lengths()), boxed(out.records()), null, null, null, 0, 0);
    }

    /** The chunk from this node's own replica when it has one (locality), else from the ring. */
    private byte[] readChunk(String key) {
        ChunkStore.Entry e = ctx.store().local().entry(key);
        if (e != null && !e.tombstone()) {
            StoredItem item = ctx.store().local().get(key);
            if (item != null && !item.tombstone()) {
                return item.data();
            }
        }
        StoredItem item = ctx.store().read(key);
        if (item == null) {
            throw new StoreUnavailableException("input chunk " + key + " is missing on every replica", null);
        }
        return item.data();
    }

    private TaskDone reduce(Assignment a, JobCode code, TaskContextImpl context, RunningAttempt r) throws Exception {
        List<ReduceTaskRunner.Segment> segments = new ArrayList<>();
        long records = 0;
        for (MapOutputRef ref : a.mapOutputs()) {
            segments.add(segment(a, ref));
            records += ref.records();
        }
        Path work = outputs.jobDir(a.jobId()).resolve(a.taskId() + "-a" + a.attempt() + "-e" + a.epoch() + ".shuffle");
        long version = ctx.store().nextVersion();
        try {
            ReduceOutput out = new ReduceTaskRunner(code, context, r.control, ctx.config().shuffleMemoryBytes(),
                    ctx.config().outputChunkBytes()).run(segments, records, work, (i, chunk) -> {
                        r.control.check();
                        String key = String.format("%s/part-%05d-a%d-e%d-%d", a.outputDataset(), a.index(), a.attempt(), a.epoch(), i);
                        ctx.store().write(new StoredItem(key, version, false, chunk));
                        return key;
                    });
            return new TaskDone(a.jobId(), a.taskId(), a.attempt(), a.epoch(), ctx.self().name(), true, null, false, null, r.counters.snapshot(),
                    null, null, null, out.chunkKeys(), out.chunkRecords(), out.chunkBytes(), out.records(), out.bytes());
        } finally {
            outputs.deleteTree(work);
        }
    }

    private ReduceTaskRunner.Segment segment(Assignment a, MapOutputRef ref) {
        boolean local = ref.node().equals(ctx.self().name());
        return new ReduceTaskRunner.Segment() {
            @Override
            public long length() {
                return ref.length();
            }

            @Override
            public void fetchTo(OutputStream out) throws IOException {
                if (local) {
                    try {
                        outputs.copyLocal(a.jobId(), ref.file(), a.index(), out);
                        return;
                    } catch (IOException e) {
                        throw new FetchFailedException(ref.taskId(), "map output of " + ref.taskId() + " is gone from this node", e);
                    }
                }
                Address from = new Address(ref.host(), ref.port());
                for (long off = 0; off < ref.length(); ) {
                    int len = (int) Math.min(FETCH_BYTES, ref.length() - off);
                    try {
                        byte[] b = ctx.transport().request(from, MessageType.MAP_OUTPUT_FETCH, EngineMessages.encode(
                                new MapOutputFetch(a.jobId(), ref.file(), a.index(), off, len)), Duration.ofMillis(5000 + len / 1024)).join();
                        out.write(b);
                        off += b.length;
                        if (b.length == 0) {
                            throw new IOException("empty fetch");
                        }
                    } catch (CompletionException | IOException e) {
                        throw new FetchFailedException(ref.taskId(), "cannot fetch the output of " + ref.taskId() + " from " + ref.node()
                                + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
                    }
                }
            }
        };
    }

    private JobCode codeFor(String jobId, JobSpec spec) throws IOException {
        JobCode code = codes.get(jobId);
        if (code != null) {
            return code;
        }
        synchronized (codes) {
            code = codes.get(jobId);
            if (code == null) {
                code = new JobCode(spec, spec.getJar() == null ? null : fetchJar(jobId, spec.getJar()));
                codes.put(jobId, code);
            }
            return code;
        }
    }

    private Path fetchJar(String jobId, String dataset) throws IOException {
        DatasetMeta meta = ctx.datasets().meta(dataset);
        if (meta == null) {
            throw new TaskFailedException("job jar dataset '" + dataset + "' does not exist", null);
        }
        Path dir = outputs.jobDir(jobId);
        Files.createDirectories(dir);
        Path jar = dir.resolve("job.jar");
        try (OutputStream out = Files.newOutputStream(jar)) {
            ctx.datasets().copyTo(meta, out);
        }
        return jar;
    }

    /** The coordinator did not take the result: remove what the attempt left. */
    void discard(RunningAttempt r, TaskDone done) {
        try {
            if (done.outputFile() != null) {
                Path f = outputs.jobDir(done.jobId()).resolve(done.outputFile());
                Files.deleteIfExists(f);
                Files.deleteIfExists(MapOutput.indexOf(f));
            }
        } catch (IOException e) {
            log.debug("engine: could not remove the output of a discarded attempt: {}", e.toString());
        }
    }

    void forget(String jobId) {
        JobCode code = codes.remove(jobId);
        if (code != null) {
            code.close();
        }
        outputs.deleteJob(jobId);
    }

    void closeAll() {
        codes.values().forEach(JobCode::close);
        codes.clear();
    }

    private TaskDone failure(Assignment a, RunningAttempt r, String error, boolean fetch, String mapTask) {
        return new TaskDone(a.jobId(), a.taskId(), a.attempt(), a.epoch(), ctx.self().name(), false, error, fetch, mapTask,
                r.counters.snapshot(), null, null, null, null, null, null, 0, 0);
    }

    private static List<Long> boxed(long[] v) {
        List<Long> out = new ArrayList<>(v.length);
        for (long x : v) {
            out.add(x);
        }
        return out;
    }
}
