package io.chordmr.engine.worker;

import io.chordmr.manifest.FileSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.engine.context.EngineContext;
import io.chordmr.engine.message.EngineMessages.Assignment;
import io.chordmr.engine.message.EngineMessages.MapOutputLocation;
import io.chordmr.engine.message.EngineMessages.MapOutputRef;
import io.chordmr.engine.message.EngineMessages.TaskDone;
import io.chordmr.engine.input.SplitReader;
import io.chordmr.engine.input.Urls;
import io.chordmr.engine.input.S3Clients;
import io.chordmr.engine.output.RingOutputCommitter;
import io.chordmr.engine.output.S3OutputCommitter;
import io.chordmr.engine.output.S3PartSink;
import io.chordmr.engine.shuffle.FetchFailedException;
import io.chordmr.engine.shuffle.MapOutputStore;
import io.chordmr.engine.shuffle.SegmentFetcher;
import io.chordmr.engine.sort.MapOutput;
import io.chordmr.engine.task.ChunkSink;
import io.chordmr.engine.task.Counters;
import io.chordmr.engine.task.ReduceOutput;
import io.chordmr.engine.task.ReduceTaskRunner;
import io.chordmr.engine.task.TaskResult;
import io.chordmr.engine.task.TaskWork;
import io.chordmr.store.ChunkStore;
import io.chordmr.store.DatasetMeta;
import io.chordmr.store.StoreUnavailableException;
import io.chordmr.store.StoredItem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of one attempt: gathers its input as local files (the chunk's replica file, or
 * a copy read from the ring; for a reduce, every map output's partition fetched to disk), hands
 * the work to the {@link TaskLauncher}, stores a reduce's output chunks on the ring, and turns
 * the outcome into a {@link TaskDone}. Job code never runs here.
 */
final class TaskExecution {

    private static final Logger log = LoggerFactory.getLogger(TaskExecution.class);
    private final EngineContext ctx;
    private final MapOutputStore outputs;
    private final TaskLauncher launcher;
    private final SegmentFetcher fetcher;
    private final Object jarLock = new Object();

    TaskExecution(EngineContext ctx, MapOutputStore outputs, TaskLauncher launcher) {
        this.ctx = ctx;
        this.outputs = outputs;
        this.launcher = launcher;
        this.fetcher = new SegmentFetcher(ctx.self().name(), outputs, ctx.transport());
    }

    TaskLauncher launcher() {
        return launcher;
    }

    /** The attempt's result, or null when it was killed (the coordinator already knows). */
    TaskDone execute(RunningAttempt r) throws InterruptedException {
        Assignment a = r.assignment;
        Path scratch = outputs.jobDir(a.jobId()).resolve(a.taskId() + "-a" + a.attempt() + "-e" + a.epoch() + ".work");
        S3PartSink upload = null;
        boolean delivered = false;
        try {
            Files.createDirectories(scratch);
            String jar = a.spec().getJar() == null ? null : jarFor(a.jobId(), a.spec()).toString();
            String files = a.spec().getFiles() == null || a.spec().getFiles().isEmpty() ? null : filesFor(a.jobId(), a.spec()).toString();
            TaskWork work = a.map() ? mapWork(a, jar, files, scratch) : reduceWork(a, r, jar, files, scratch);
            String outputUrl = a.spec().getOutput() == null ? null : a.spec().getOutput().getUrl();
            if (!a.map() && outputUrl != null) {
                S3OutputCommitter.Target target = S3OutputCommitter.Target.of(outputUrl);
                upload = new S3PartSink(S3Clients.shared(), target.bucket(), target.partKey(a.index()));
            }
            TaskResult result = launcher.run(work, r, upload != null ? upload : sink(a, r));
            if (result.killed() || r.control.killed()) {
                return null;
            }
            if (!result.success()) {
                return failure(a, r, result.error(), null);
            }
            if (a.map()) {
                return mapped(a, r, work, result);
            }
            TaskDone done = TaskDone.reduced(a, ctx.self().name(), r.counters.snapshot(), result.reduce(),
                    upload == null ? null : upload.finish());
            delivered = true;
            return done;
        } catch (FetchFailedException e) {
            return r.control.killed() ? null : failure(a, r, e.getMessage(), e.mapTask());
        } catch (IOException | RuntimeException e) {
            if (r.control.killed()) {
                return null;
            }
            log.debug("engine: job={} task={} attempt={} could not be prepared", a.jobId(), a.taskId(), a.attempt(), e);
            return failure(a, r, "cannot prepare the attempt's input: " + e.getMessage(), null);
        } finally {
            // The upload first: removing the scratch directory can fail, and must not leave an upload open.
            if (upload != null && !delivered) {
                upload.abort();
            }
            outputs.deleteTree(scratch);
        }
    }

    private TaskWork mapWork(Assignment a, String jar, String files, Path scratch) throws IOException {
        Path out = outputs.fileFor(a.jobId(), a.taskId() + "-e" + a.epoch(), a.attempt());
        TaskWork.MapInput in;
        if (a.split() != null) {
            Path copy = scratch.resolve("input.split");
            SplitReader.Copied c = SplitReader.copy(ctx.inputs(), a.split(), copy);
            if (c.length() > Integer.MAX_VALUE) {
                throw new IOException(Urls.shown(a.split().url()) + ": a split of " + c.length() + " bytes is more than a map task reads"
                        + " (2 GiB); a .gz file that large should be stored uncompressed or in parts");
            }
            in = new TaskWork.MapInput(new TaskWork.ChunkFile(copy.toString(), 0, (int) c.length(), c.crc()), c.firstLineOffset(),
                    a.split().url(), out.toString(), launcher.sortBufferBytes(a.spec()));
        } else {
            String dataset = a.spec().getInput().getDataset();
            in = new TaskWork.MapInput(chunkFile(a.chunkKey(), scratch), a.chunkOffset(),
                    dataset != null ? dataset : a.chunkKey().substring(0, a.chunkKey().lastIndexOf('/')), out.toString(),
                    launcher.sortBufferBytes(a.spec()));
        }
        return new TaskWork(a.jobId(), a.taskId(), a.attempt(), a.spec(), jar, files, a.partitions(), in, null);
    }

    /** The chunk's file on this node when it holds a replica (locality), else a copy read from the ring. */
    private TaskWork.ChunkFile chunkFile(String key, Path scratch) throws IOException {
        ChunkStore.Location loc = ctx.store().local().location(key);
        if (loc != null) {
            return new TaskWork.ChunkFile(loc.file().toString(), loc.position(), loc.length(), loc.crc());
        }
        StoredItem item = ctx.store().read(key);
        if (item == null || item.tombstone()) {
            throw new StoreUnavailableException("input chunk " + key + " is missing on every replica", null);
        }
        Path copy = Files.write(scratch.resolve("input.chunk"), item.data());
        CRC32 crc = new CRC32();
        crc.update(item.data());
        return new TaskWork.ChunkFile(copy.toString(), 0, item.data().length, (int) crc.getValue());
    }

    /** Every map output's partition for this reduce: local ones read in place, the others fetched to disk. */
    private TaskWork reduceWork(Assignment a, RunningAttempt r, String jar, String files, Path scratch) throws IOException {
        List<TaskWork.SegmentFile> segments = new ArrayList<>();
        long records = 0;
        long shuffled = 0;
        List<MapOutputRef> refs = a.mapOutputs();
        for (int i = 0; i < refs.size(); i++) {
            r.control.check();
            MapOutputRef ref = refs.get(i);
            segments.add(fetcher.segment(a.jobId(), a.index(), ref, scratch.resolve("segment-" + i)));
            records += ref.records();
            shuffled += ref.length();
            r.control.progress(ReduceTaskRunner.FETCHED * (i + 1) / Math.max(1, refs.size()));
        }
        r.counters.add(Counters.SHUFFLED_BYTES, shuffled);
        return new TaskWork(a.jobId(), a.taskId(), a.attempt(), a.spec(), jar, files, a.partitions(), null,
                new TaskWork.ReduceInput(segments, records));
    }

    /** A reduce's output chunks go to the ring under keys no other attempt uses; the coordinator commits one attempt's. */
    private ChunkSink sink(Assignment a, RunningAttempt r) {
        long version = ctx.store().nextVersion();
        return (i, chunk) -> {
            r.control.check();
            String key = RingOutputCommitter.chunkKey(a.outputDataset(), a.index(), a.attempt(), a.epoch(), i);
            ctx.store().write(new StoredItem(key, version, false, chunk));
            return key;
        };
    }

    private TaskDone mapped(Assignment a, RunningAttempt r, TaskWork work, TaskResult result) {
        String file = Path.of(work.map().outputFile()).getFileName().toString();
        return TaskDone.mapped(a, ctx.self().name(), r.counters.snapshot(), new MapOutputLocation(ctx.self().name(),
                ctx.self().address().host(), ctx.self().address().port(), file, result.map().partitionLengths(),
                result.map().partitionRecords()));
    }

    /** The job's jar, copied from the ring to this node's job directory once per job. */
    private Path jarFor(String jobId, JobSpec spec) throws IOException {
        Path jar = outputs.jobDir(jobId).resolve("job.jar");
        synchronized (jarLock) {
            if (Files.exists(jar)) {
                return jar;
            }
            DatasetMeta meta = ctx.datasets().meta(spec.getJar());
            if (meta == null) {
                throw new IOException("job jar dataset '" + spec.getJar() + "' does not exist");
            }
            Files.createDirectories(jar.getParent());
            Path tmp = jar.resolveSibling("job.jar.tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ctx.datasets().copyTo(meta, out);
            }
            Files.move(tmp, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return jar;
        }
    }

    /**
     * The job's {@code spec.files}, fetched to this node's job directory once per job: stored
     * datasets copied from the ring, URLs read whole. Removed with the job's directory.
     */
    private Path filesFor(String jobId, JobSpec spec) throws IOException {
        Path dir = outputs.jobDir(jobId).resolve("files");
        Path done = dir.resolve(".complete");
        synchronized (jarLock) {
            if (Files.exists(done)) {
                return dir;
            }
            Files.createDirectories(dir);
            for (FileSpec f : spec.getFiles()) {
                Path tmp = dir.resolve(f.localName() + ".tmp");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    if (f.getDataset() != null) {
                        DatasetMeta meta = ctx.datasets().meta(f.getDataset());
                        if (meta == null) {
                            throw new IOException("spec.files: dataset '" + f.getDataset() + "' does not exist");
                        }
                        ctx.datasets().copyTo(meta, out);
                    } else {
                        try (var in = ctx.inputs().open(f.getUrl(), 0)) {
                            in.transferTo(out);
                        }
                    }
                }
                Files.move(tmp, dir.resolve(f.localName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            Files.createFile(done);
            return dir;
        }
    }

    /** The coordinator did not take the result: remove what the attempt left. */
    void discard(TaskDone done) {
        try {
            if (done.map() != null) {
                Path f = outputs.jobDir(done.jobId()).resolve(done.map().file());
                Files.deleteIfExists(f);
                Files.deleteIfExists(MapOutput.indexOf(f));
            }
        } catch (IOException e) {
            log.debug("engine: could not remove the output of a discarded attempt: {}", e.toString());
        }
    }

    /**
     * Drops the result of an attempt whose job ended before it could report. Its open upload goes
     * too: the job's sweep of open uploads may have run before the attempt created it, and the
     * job's commit, which comes before its end, cannot want it any more.
     */
    void abandon(TaskDone done) {
        discard(done);
        if (done.upload() != null && done.upload().uploadId() != null) {
            S3OutputCommitter.abort(S3Clients.shared(), done.jobId(), done.upload());
        }
    }

    void forget(String jobId) {
        launcher.forget(jobId);
        outputs.deleteJob(jobId);
    }

    void closeAll() {
        launcher.close();
    }

    private TaskDone failure(Assignment a, RunningAttempt r, String error, String lostMapTask) {
        return TaskDone.failed(a, ctx.self().name(), r.counters.snapshot(), error, lostMapTask);
    }
}
