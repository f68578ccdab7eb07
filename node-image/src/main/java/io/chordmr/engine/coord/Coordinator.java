package io.chordmr.engine.coord;

import io.chordmr.engine.context.EngineContext;
import io.chordmr.engine.input.InputObject;
import io.chordmr.engine.input.InputSplit;
import io.chordmr.engine.input.SplitPlanner;
import io.chordmr.engine.input.Urls;
import io.chordmr.engine.message.EngineMessages.Assignment;
import io.chordmr.engine.message.EngineMessages.DoneReply;
import io.chordmr.engine.message.EngineMessages.MapOutputRef;
import io.chordmr.engine.message.EngineMessages.OutputUpload;
import io.chordmr.engine.message.EngineMessages.StatusReply;
import io.chordmr.engine.message.EngineMessages.TaskDone;
import io.chordmr.engine.message.EngineMessages.TaskRequest;
import io.chordmr.engine.message.EngineMessages.TaskResponse;
import io.chordmr.engine.message.EngineMessages.TaskStatus;
import io.chordmr.client.JobPhase;
import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.client.JobTasks;
import io.chordmr.engine.output.CommitFailedException;
import io.chordmr.engine.output.OutputCommitter;
import io.chordmr.engine.task.Counters;
import io.chordmr.ring.NodeRef;
import io.chordmr.store.DatasetMeta;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job from the node that owns its record: hands tasks to workers that ask (a map to a
 * node holding its chunk when there is one), takes their reports, and ends the job. The
 * {@link TaskPicker} chooses tasks, the {@link AttemptWatch} ends lost and stalled attempts and
 * finds lost map outputs, the {@link TaskTableWriter} writes every change back to the ring (so
 * the key's next owner resumes the job if this node dies), and the {@link OutputCommitter}
 * publishes the output once. Everything that touches the task table holds this object's lock.
 */
public final class Coordinator {

    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
    private static final long TICK_MS = 100;
    private static final long SLOW_CHECK_MS = 1000;
    private static final long COMMIT_RETRY_MAX_MS = 10_000;

    private final EngineContext ctx;
    private final JobRecord job;
    private final TaskPicker picker;
    private final AttemptWatch watch;
    private final TaskTableWriter writer;
    private final JobAnnouncer announcer;
    private final OutputCommitter committer;
    private final JobCleanup cleanup;
    private final Runnable onStop;
    private volatile boolean stopped;
    private long lastSlowCheck;
    private int commitFailures;
    private long nextCommitMillis;
    private ScheduledFuture<?> ticker;

    public Coordinator(EngineContext ctx, JobRecords records, JobRecord job, Duration lostAfter, Runnable onStop) {
        this.ctx = ctx;
        this.job = job;
        this.picker = new TaskPicker(job);
        this.watch = new AttemptWatch(job, lostAfter.toMillis(), new PingLiveness(ctx), this);
        this.writer = new TaskTableWriter(records, job, this, ctx.io());
        this.announcer = new JobAnnouncer(ctx, job.id);
        this.committer = JobRecords.committer(ctx, job);
        this.cleanup = new JobCleanup(ctx, job, this, announcer, committer);
        this.onStop = onStop;
    }

    public String jobId() {
        return job.id;
    }

    /** Takes the job over (new, or resumed from its record) and starts the periodic checks. */
    public void start() {
        // Files behind URLs are described before the lock is taken: that is network I/O.
        boolean fresh = job.state == JobState.PENDING;
        List<String> urls = job.spec.getInput().allUrls();
        List<InputSplit> splits = null;
        String inputError = null;
        if (fresh && !urls.isEmpty()) {
            try {
                splits = splits(urls);
            } catch (IOException e) {
                inputError = "cannot read the input: " + e.getMessage();
            }
        }
        synchronized (this) {
            long now = System.currentTimeMillis();
            job.coordinator = ctx.self().name();
            job.epoch++;
            if (fresh) {
                if (inputError != null) {
                    fail(inputError);
                    return;
                }
                if (splits != null) {
                    JobPlanner.plan(job, splits);
                } else {
                    DatasetMeta input = ctx.datasets().meta(job.inputDataset);
                    if (input == null) {
                        fail("input dataset '" + job.inputDataset + "' does not exist");
                        return;
                    }
                    JobPlanner.plan(job, input);
                }
                job.start(ctx.self().name(), now);
            }
            job.tasks().forEach(t -> t.attempts.stream().filter(AttemptRecord::active).forEach(a -> watch.started(t, a, now)));
            log.info("engine: node={} job={} {} coordinating: {} maps, {} reduces, phase {}", ctx.self().name(), job.id,
                    fresh ? "started" : "resumed", job.maps.size(), job.reduces.size(), job.phase);
            picker.checkPhase();
            writer.changed();
        }
        writer.flush();
        ctx.background(() -> picker.locate(job.maps, ctx.store()::replicaSet));
        announcer.running();
        try {
            ticker = ctx.scheduler().scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            stopped = true; // the node is stopping
        }
    }

    /** The splits of the files the URLs name, in URL order. */
    private List<InputSplit> splits(List<String> urls) throws IOException {
        List<InputObject> objects = new ArrayList<>();
        for (String url : urls) {
            List<InputObject> found = ctx.inputs().list(url);
            if (found.isEmpty()) {
                throw new IOException(Urls.shown(url) + " names no object");
            }
            objects.addAll(found);
        }
        Long bytes = job.spec.getSplit() == null ? null : job.spec.getSplit().getBytes();
        return SplitPlanner.plan(objects, bytes == null ? SplitPlanner.DEFAULT_SPLIT_BYTES : bytes);
    }

    // ---- workers ---------------------------------------------------------------------------

    public synchronized TaskResponse request(TaskRequest req) {
        if (job.terminal() || stopped) {
            return new TaskResponse(List.of(), job.terminal());
        }
        List<Assignment> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < req.slots(); i++) {
            TaskRecord t = picker.next(req.worker(), now);
            if (t == null) {
                break;
            }
            AttemptRecord a = t.launch(req.worker(), req.host(), req.port(), job.epoch, now);
            watch.started(t, a, now);
            out.add(assignment(t, a));
            writer.changed();
            log.debug("engine: job={} task={} attempt={} to node={}{}", job.id, t.id, a.n, a.node, a.backup ? " (backup)" : "");
        }
        return new TaskResponse(out, false);
    }

    private Assignment assignment(TaskRecord t, AttemptRecord a) {
        List<MapOutputRef> outputs = t.map ? null : job.maps.stream().map(m -> m.mapOutput.ref(m.id, t.index)).toList();
        return new Assignment(job.id, t.id, t.map, t.index, a.n, a.epoch, job.spec, job.reduces.size(), t.chunkKey, t.chunkOffset,
                t.split, outputs, job.outputDataset);
    }

    public synchronized StatusReply status(TaskStatus s) {
        TaskRecord t = picker.byId(s.taskId());
        AttemptRecord a = t == null ? null : t.attempt(s.attempt(), s.epoch());
        if (a == null) {
            return new StatusReply(true, "unknown attempt");
        }
        if (!a.active() || job.terminal()) {
            return new StatusReply(true, a.error != null ? a.error : "attempt no longer needed");
        }
        watch.heard(t, a, s.progress(), System.currentTimeMillis());
        return new StatusReply(false, null);
    }

    public DoneReply done(TaskDone d) {
        boolean accepted;
        synchronized (this) {
            TaskRecord t = picker.byId(d.taskId());
            AttemptRecord a = t == null ? null : t.attempt(d.attempt(), d.epoch());
            if (a == null || !a.active() || job.terminal()) {
                discard(t, d);
                return new DoneReply(false);
            }
            watch.ended(t, a);
            writer.changed();
            long now = System.currentTimeMillis();
            log.debug("engine: job={} task={} attempt={} on node={} {} after {} ms", job.id, t.id, a.n, a.node,
                    d.succeeded() ? "finished" : "failed", now - a.startMillis);
            accepted = d.succeeded() ? succeeded(t, a, d, now) : failed(t, a, d, now);
        }
        if (accepted && d.reduce() != null) {
            writer.flush(); // a reduce's commit is durable before the worker hears of it
        }
        return new DoneReply(accepted || !d.succeeded());
    }

    private boolean succeeded(TaskRecord t, AttemptRecord a, TaskDone d, long now) {
        if (!t.succeed(a, d.counters(), now)) {
            discard(t, d);
            return false;
        }
        Counters.addAll(job.counters, d.counters());
        t.mapOutput = d.map();
        t.output = d.reduce();
        t.upload = d.upload();
        if (picker.checkPhase()) {
            announcer.running();
        }
        if (picker.allDone()) {
            ctx.background(this::finish);
        }
        return true;
    }

    private boolean failed(TaskRecord t, AttemptRecord a, TaskDone d, long now) {
        String lostMap = d.failure().lostMapTask();
        if (lostMap != null) {
            t.kill(a, d.failure().error(), now);
            TaskRecord m = picker.byId(lostMap);
            if (m != null && m.succeeded()) {
                ctx.background(() -> {
                    if (watch.outputGone(m)) {
                        reopen(m);
                    }
                });
            }
            return false;
        }
        log.info("engine: job={} task={} attempt={} on node={} failed: {}", job.id, t.id, a.n, a.node, d.failure().error());
        if (t.fail(a, d.failure().error(), job.spec.maxAttemptsOrDefault(), now)) {
            failLocked("task " + t.id + " failed " + t.failures + " times; last error: " + d.failure().error());
        }
        return false;
    }

    /** Output chunks of an attempt whose result is not taken are removed when the job ends. */
    private void discard(TaskRecord t, TaskDone d) {
        if (d.reduce() != null) {
            job.discardedKeys.addAll(d.reduce().chunkKeys());
            writer.changed();
        }
        OutputUpload u = d.upload();
        if (u == null || u.uploadId() == null) {
            return;
        }
        // A repeated report of the winner of a job that did not fail keeps its upload; every other one goes.
        boolean winner = t != null && t.upload != null && t.upload.uploadId().equals(u.uploadId())
                && job.state != JobState.FAILED && job.state != JobState.CANCELLED;
        if (!winner) {
            ctx.background(() -> committer.abandon(u));
        }
    }

    /** A finished map whose output was lost with its node runs again, as in Dean and Ghemawat. */
    private synchronized void reopen(TaskRecord m) {
        if (m.succeeded() && !job.terminal()) {
            log.info("engine: job={} map output of {} was lost with node={}; running it again", job.id, m.id, m.mapOutput.node());
            Map<String, Long> had = m.outputLost();
            had.forEach((k, v) -> job.counters.merge(k, -v, Long::sum));
            job.phase = JobPhase.MAP;
            writer.changed();
        }
    }

    // ---- periodic checks -------------------------------------------------------------------

    private void tick() {
        try {
            long now = System.currentTimeMillis();
            if (now - lastSlowCheck >= SLOW_CHECK_MS) {
                lastSlowCheck = now;
                if (!ctx.ownerOf(job.id).equals(ctx.self())) {
                    log.info("engine: node={} job={} is no longer the owner of the job record; handing over", ctx.self().name(), job.id);
                    stop();
                    return;
                }
                watch.refresh(ctx.ring().members(EngineContext.MAX_MEMBERS).stream().map(NodeRef::name).collect(Collectors.toSet()));
                if (!picker.allDone()) {
                    watch.lostOutputs().forEach(this::reopen);
                }
                announcer.running();
            }
            expire(now);
            writer.flushInBackground();
            if (picker.allDone() && !job.terminal()) {
                finish(); // retried every tick until the output is published
            }
        } catch (RuntimeException e) {
            log.warn("engine: job={} coordinator check failed: {}", job.id, e.toString());
        }
    }

    private synchronized void expire(long now) {
        if (job.terminal()) {
            return;
        }
        Long deadline = job.spec.getActiveDeadlineSeconds();
        if (deadline != null && now - job.submitMillis > deadline * 1000) {
            failLocked("the job ran past its deadline: spec.activeDeadlineSeconds is " + deadline + " s after submission");
            return;
        }
        AttemptWatch.Expired e = watch.expire(now);
        if (e.attempts() > 0) {
            writer.changed();
        }
        if (e.jobFailure() != null) {
            failLocked(e.jobFailure());
        }
    }

    // ---- the end ---------------------------------------------------------------------------

    private void finish() {
        synchronized (this) {
            long now = System.currentTimeMillis();
            if (job.terminal() || stopped || !picker.allDone() || now < nextCommitMillis) {
                return;
            }
            try {
                // Published before the state changes, so a failed write leaves the job as it was, to be tried again.
                long records = committer.commit(JobRecords.partitions(job));
                job.succeed(records, System.currentTimeMillis());
            } catch (CommitFailedException e) {
                failLocked(e.getMessage());
                return;
            } catch (RuntimeException e) {
                // Tried again after 0.1, 0.2, 0.4 ... s, at most every 10 s, while the job lasts.
                commitFailures++;
                nextCommitMillis = now + Math.min(COMMIT_RETRY_MAX_MS, TICK_MS << Math.min(commitFailures - 1, 10));
                log.warn("engine: job={} could not publish its output yet (try {}): {}", job.id, commitFailures, e.toString());
                return;
            }
            log.info("engine: job={} succeeded in {} ms", job.id, job.endMillis - job.startMillis);
            writer.changed();
        }
        writer.flush();
        announcer.ended();
        ctx.background(cleanup::run);
        stopTicker();
    }

    /** Suspends the job (no new attempt starts; running ones finish) or resumes it. */
    public void suspend(boolean suspended) {
        synchronized (this) {
            if (job.terminal() || job.suspended == suspended) {
                return;
            }
            job.suspended = suspended;
            writer.changed();
            log.info("engine: job={} {}", job.id, suspended ? "suspended: no new task starts" : "resumed");
        }
        writer.flush();
    }

    /** Cancels the job: running attempts are told to stop, temporary data goes. */
    public void cancel() {
        synchronized (this) {
            if (job.terminal()) {
                return;
            }
            job.cancel(System.currentTimeMillis());
            writer.changed();
        }
        endAbnormally();
    }

    private void fail(String message) {
        synchronized (this) {
            failLocked(message);
        }
    }

    private void failLocked(String message) {
        job.fail(message, System.currentTimeMillis());
        writer.changed();
        log.warn("engine: job={} failed: {}", job.id, message);
        ctx.background(this::endAbnormally);
    }

    private void endAbnormally() {
        writer.flush();
        announcer.ended();
        cleanup.run();
        stopTicker();
    }

    public synchronized JobStatus status() {
        return JobStatusMapper.of(job);
    }

    public synchronized JobTasks tasks() {
        return JobStatusMapper.tasks(job);
    }

    public void stop() {
        stopped = true;
        writer.stop();
        stopTicker();
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        onStop.run();
    }

    public boolean stopped() {
        return stopped;
    }
}
