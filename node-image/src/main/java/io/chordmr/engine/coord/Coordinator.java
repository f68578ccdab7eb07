package io.chordmr.engine.coord;

import io.chordmr.engine.EngineContext;
import io.chordmr.engine.EngineMessages.Assignment;
import io.chordmr.engine.EngineMessages.DoneReply;
import io.chordmr.engine.EngineMessages.MapOutputRef;
import io.chordmr.engine.EngineMessages.StatusReply;
import io.chordmr.engine.EngineMessages.TaskDone;
import io.chordmr.engine.EngineMessages.TaskRequest;
import io.chordmr.engine.EngineMessages.TaskResponse;
import io.chordmr.engine.EngineMessages.TaskStatus;
import io.chordmr.engine.JobStatus;
import io.chordmr.engine.task.Counters;
import io.chordmr.store.DatasetMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job from the node that owns its record: hands tasks to workers that ask (a map to a
 * node holding its chunk when there is one), watches their attempts, retries failures, re-runs
 * map outputs lost with their node, launches backups of stragglers, commits each reduce's output
 * once, and publishes the output dataset. Every change of the task table is written back to the
 * ring, so the key's next owner resumes the job if this node dies.
 */
public final class Coordinator {

    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
    private static final long TICK_MS = 100;

    private final EngineContext ctx;
    private final JobRecord job;
    private final CoordinatorTasks tasks;
    private final JobFinisher finisher;
    private final Map<String, Long> heard = new HashMap<>();
    private final Map<String, Long> progressed = new HashMap<>();
    private final Map<String, Set<String>> chunkReplicas = new ConcurrentHashMap<>();
    private volatile Set<String> members = Set.of();
    /** Nodes running attempts that the ring no longer lists and that do not answer a ping. */
    private volatile Set<String> gone = Set.of();
    private volatile boolean stopped;
    private boolean dirty = true;
    private final Object flushLock = new Object();
    private final java.util.concurrent.atomic.AtomicBoolean flushing = new java.util.concurrent.atomic.AtomicBoolean();
    private long lastSlowCheck;
    private ScheduledFuture<?> ticker;
    private final Runnable onStop;

    public Coordinator(EngineContext ctx, JobRecord job, Runnable onStop) {
        this.ctx = ctx;
        this.job = job;
        this.tasks = new CoordinatorTasks(job);
        this.finisher = new JobFinisher(ctx, job);
        this.onStop = onStop;
    }

    public String jobId() {
        return job.id;
    }

    /** Takes the job over (new, or resumed from its record) and starts the periodic checks. */
    public void start() {
        synchronized (this) {
            boolean resumed = !JobRecord.PENDING.equals(job.state);
            job.coordinator = ctx.self().name();
            job.epoch++;
            if (!resumed) {
                job.state = JobRecord.RUNNING;
                job.startMillis = System.currentTimeMillis();
                if (!plan()) {
                    return;
                }
            }
            long now = System.currentTimeMillis();
            for (TaskRecord t : tasks.all()) {
                for (AttemptRecord a : t.attempts) {
                    if (TaskRecord.RUNNING.equals(a.state)) {
                        heard.put(key(t, a), now);
                        progressed.put(key(t, a), now);
                    }
                }
            }
            log.info("engine: node={} job={} {} coordinating: {} maps, {} reduces, phase {}", ctx.self().name(), job.id,
                    resumed ? "resumed" : "started", job.maps.size(), job.reduces.size(), job.phase);
            tasks.checkPhase();
        }
        flush();
        ctx.background(this::locateChunks);
        finisher.announce(false);
        try {
            ticker = ctx.scheduler().scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            stopped = true; // the node is stopping
        }
    }

    /** Splits the job into tasks from its input's metadata; false when the input is missing. */
    private boolean plan() {
        DatasetMeta meta = ctx.datasets().meta(job.inputDataset);
        if (meta == null) {
            fail("input dataset '" + job.inputDataset + "' does not exist");
            return false;
        }
        for (int i = 0; i < meta.chunks(); i++) {
            TaskRecord m = new TaskRecord();
            m.id = String.format("m-%05d", i);
            m.index = i;
            m.map = true;
            m.chunkKey = meta.chunkKey(i);
            m.chunkOffset = meta.chunkOffsets().get(i);
            m.chunkBytes = (i + 1 < meta.chunks() ? meta.chunkOffsets().get(i + 1) : meta.bytes()) - m.chunkOffset;
            job.maps.add(m);
        }
        for (int r = 0; r < job.spec.reducesOrDefault(); r++) {
            TaskRecord t = new TaskRecord();
            t.id = String.format("r-%05d", r);
            t.index = r;
            job.reduces.add(t);
        }
        dirty = true;
        return true;
    }

    private void locateChunks() {
        for (TaskRecord m : job.maps) {
            try {
                chunkReplicas.put(m.chunkKey, Set.copyOf(ctx.store().replicaSet(m.chunkKey).stream().map(n -> n.name()).toList()));
            } catch (RuntimeException e) {
                log.debug("engine: job={} cannot locate {}: {}", job.id, m.chunkKey, e.toString());
            }
        }
    }

    // ---- worker requests ----------------------------------------------------------------

    public synchronized TaskResponse request(TaskRequest req) {
        if (job.terminal() || stopped) {
            return new TaskResponse(List.of(), job.terminal());
        }
        List<Assignment> out = new ArrayList<>();
        for (int i = 0; i < req.slots(); i++) {
            TaskRecord t = tasks.next(req.worker(), chunkReplicas);
            if (t == null) {
                break;
            }
            AttemptRecord a = new AttemptRecord();
            a.n = t.attempts.size() + 1;
            a.epoch = job.epoch;
            a.node = req.worker();
            a.host = req.host();
            a.port = req.port();
            a.startMillis = System.currentTimeMillis();
            a.backup = TaskRecord.RUNNING.equals(t.state);
            t.attempts.add(a);
            t.state = TaskRecord.RUNNING;
            heard.put(key(t, a), a.startMillis);
            progressed.put(key(t, a), a.startMillis);
            out.add(assignment(t, a));
            dirty = true;
            log.debug("engine: job={} task={} attempt={} to node={}{}", job.id, t.id, a.n, a.node, a.backup ? " (backup)" : "");
        }
        return new TaskResponse(out, false);
    }

    private Assignment assignment(TaskRecord t, AttemptRecord a) {
        List<MapOutputRef> outputs = null;
        if (!t.map) {
            outputs = new ArrayList<>();
            for (TaskRecord m : job.maps) {
                outputs.add(new MapOutputRef(m.id, m.outputNode, m.outputHost, m.outputPort, m.outputFile,
                        m.partitionLengths.get(t.index), m.partitionRecords.get(t.index)));
            }
        }
        return new Assignment(job.id, t.id, t.map, t.index, a.n, a.epoch, job.spec, job.reduces.size(), t.chunkKey, t.chunkOffset,
                outputs, job.outputDataset);
    }

    public synchronized StatusReply status(TaskStatus s) {
        TaskRecord t = tasks.byId(s.taskId());
        AttemptRecord a = t == null ? null : t.attempt(s.attempt(), s.epoch());
        if (a == null) {
            return new StatusReply(true, "unknown attempt");
        }
        if (!TaskRecord.RUNNING.equals(a.state) || job.terminal()) {
            return new StatusReply(true, a.error != null ? a.error : "attempt no longer needed");
        }
        long now = System.currentTimeMillis();
        heard.put(key(t, a), now);
        if (s.progress() > a.progress) {
            a.progress = s.progress();
            progressed.put(key(t, a), now);
        }
        return new StatusReply(false, null);
    }

    public DoneReply done(TaskDone d) {
        DoneReply reply;
        boolean commit;
        synchronized (this) {
            TaskRecord t = tasks.byId(d.taskId());
            AttemptRecord a = t == null ? null : t.attempt(d.attempt(), d.epoch());
            if (a == null || !TaskRecord.RUNNING.equals(a.state) || job.terminal()) {
                discard(d);
                return new DoneReply(false);
            }
            heard.remove(key(t, a));
            progressed.remove(key(t, a));
            a.endMillis = System.currentTimeMillis();
            t.lostInARow = 0;
            dirty = true;
            log.debug("engine: job={} task={} attempt={} on node={} {} after {} ms", job.id, t.id, a.n, a.node,
                    d.success() ? "finished" : "failed", a.endMillis - a.startMillis);
            commit = d.success() && !TaskRecord.SUCCEEDED.equals(t.state);
            if (d.success()) {
                reply = succeeded(t, a, d);
            } else {
                failed(t, a, d);
                reply = new DoneReply(true);
            }
        }
        if (commit && !d.taskId().startsWith("m")) {
            flush(); // a reduce's commit is durable before the worker hears of it
        }
        return reply;
    }

    private DoneReply succeeded(TaskRecord t, AttemptRecord a, TaskDone d) {
        if (TaskRecord.SUCCEEDED.equals(t.state)) {
            a.state = TaskRecord.KILLED;
            a.error = "another attempt finished first";
            discard(d);
            return new DoneReply(false);
        }
        a.state = TaskRecord.SUCCEEDED;
        a.progress = 1;
        t.state = TaskRecord.SUCCEEDED;
        t.succeededAttempt = a.n;
        t.counters = new java.util.TreeMap<>(d.counters());
        Counters.addAll(job.counters, d.counters());
        if (t.map) {
            t.outputNode = a.node;
            t.outputHost = a.host;
            t.outputPort = a.port;
            t.outputFile = d.outputFile();
            t.partitionLengths = d.partitionLengths();
            t.partitionRecords = d.partitionRecords();
        } else {
            t.outputKeys = d.outputKeys();
            t.chunkRecords = d.chunkRecords();
            t.chunkBytesOut = d.chunkBytes();
            t.outputRecords = d.outputRecords();
            t.outputBytes = d.outputBytes();
        }
        for (AttemptRecord other : t.attempts) {
            if (other != a && TaskRecord.RUNNING.equals(other.state)) {
                other.state = TaskRecord.KILLED;
                other.error = "another attempt finished first";
                job.killedAttempts++;
            }
        }
        if (tasks.checkPhase()) {
            finisher.announce(false);
        }
        if (tasks.allReducesDone()) {
            ctx.background(this::finish);
        }
        return new DoneReply(true);
    }

    private void failed(TaskRecord t, AttemptRecord a, TaskDone d) {
        if (d.fetchFailure()) {
            a.state = TaskRecord.KILLED;
            a.error = d.error();
            job.killedAttempts++;
            TaskRecord lost = tasks.byId(d.failedMapTask());
            if (lost != null && TaskRecord.SUCCEEDED.equals(lost.state)) {
                ctx.background(() -> checkMapOutput(lost));
            }
        } else {
            a.state = TaskRecord.FAILED;
            a.error = d.error();
            job.failedAttempts++;
            t.failures++;
            t.lastError = d.error();
            log.info("engine: job={} task={} attempt={} on node={} failed: {}", job.id, t.id, a.n, a.node, d.error());
            if (t.failures >= job.spec.maxAttemptsOrDefault()) {
                failLocked("task " + t.id + " failed " + t.failures + " times; last error: " + d.error());
                return;
            }
        }
        if (t.running() == 0 && !TaskRecord.SUCCEEDED.equals(t.state)) {
            t.state = TaskRecord.PENDING;
        }
    }

    private void discard(TaskDone d) {
        if (d.outputKeys() != null) {
            job.discardedKeys.addAll(d.outputKeys());
            dirty = true;
        }
    }

    // ---- periodic checks ---------------------------------------------------------------

    private void tick() {
        try {
            long now = System.currentTimeMillis();
            if (now - lastSlowCheck >= 1000) {
                lastSlowCheck = now;
                if (!ctx.ownerOf(job.id).equals(ctx.self())) {
                    log.info("engine: node={} job={} is no longer the owner of the job record; handing over", ctx.self().name(), job.id);
                    stop();
                    return;
                }
                members = Set.copyOf(ctx.ring().members(4096).stream().map(n -> n.name()).toList());
                gone = confirmGone();
                checkLostOutputs();
                finisher.announce(false);
            }
            checkAttempts(now);
            flushInBackground();
            if (tasks.allReducesDone() && !job.terminal()) {
                finish(); // retried every tick until the output is published
            }
        } catch (RuntimeException e) {
            log.warn("engine: job={} coordinator check failed: {}", job.id, e.toString());
        }
    }

    private synchronized void checkAttempts(long now) {
        if (job.terminal()) {
            return;
        }
        long timeout = job.spec.taskTimeoutSecondsOrDefault() * 1000L;
        long lostAfter = ctx.config().lostAfter().toMillis();
        for (TaskRecord t : tasks.all()) {
            for (AttemptRecord a : t.attempts) {
                if (!TaskRecord.RUNNING.equals(a.state)) {
                    continue;
                }
                String k = key(t, a);
                boolean lost = gone.contains(a.node) && now - a.startMillis > 1000;
                if (lost || now - heard.getOrDefault(k, now) > lostAfter) {
                    a.state = TaskRecord.KILLED;
                    a.error = "node " + a.node + " was lost";
                    job.killedAttempts++;
                    t.lostInARow++;
                    log.info("engine: job={} task={} attempt={} lost with node={}", job.id, t.id, a.n, a.node);
                    if (t.lostInARow >= job.spec.maxAttemptsOrDefault()) {
                        // A task whose every attempt takes its node down is a poison job of another kind: stop it.
                        failLocked("task " + t.id + " lost its node on " + t.lostInARow + " attempts in a row; last: " + a.error);
                        return;
                    }
                } else if (now - progressed.getOrDefault(k, now) > timeout) {
                    a.state = TaskRecord.FAILED;
                    a.endMillis = now;
                    a.error = "no progress for " + job.spec.taskTimeoutSecondsOrDefault() + " s; attempt killed";
                    job.failedAttempts++;
                    t.failures++;
                    t.lastError = a.error;
                    log.info("engine: job={} task={} attempt={} on node={} timed out", job.id, t.id, a.n, a.node);
                    if (t.failures >= job.spec.maxAttemptsOrDefault()) {
                        failLocked("task " + t.id + " failed " + t.failures + " times; last error: " + a.error);
                        return;
                    }
                } else {
                    continue;
                }
                dirty = true;
                if (t.running() == 0 && !TaskRecord.SUCCEEDED.equals(t.state)) {
                    t.state = TaskRecord.PENDING;
                }
            }
        }
    }

    /**
     * The nodes of running attempts that the ring's member walk misses and that do not answer. A
     * walk taken while the ring heals can miss a live node; its attempts must not be lost for that.
     */
    private Set<String> confirmGone() {
        if (members.isEmpty()) {
            return Set.of();
        }
        Map<String, io.chordmr.net.Address> suspects = new HashMap<>();
        synchronized (this) {
            for (TaskRecord t : tasks.all()) {
                for (AttemptRecord a : t.attempts) {
                    if (TaskRecord.RUNNING.equals(a.state) && !members.contains(a.node)) {
                        suspects.put(a.node, new io.chordmr.net.Address(a.host, a.port));
                    }
                }
            }
        }
        Set<String> out = new java.util.HashSet<>();
        suspects.forEach((node, address) -> {
            if (!answers(address.host(), address.port())) {
                out.add(node);
            }
        });
        return out;
    }

    private boolean answers(String host, int port) {
        try {
            ctx.transport().request(new io.chordmr.net.Address(host, port), io.chordmr.net.MessageType.PING, new byte[0],
                    ctx.ring().config().requestTimeout()).join();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A finished map whose node left the ring runs again, as in Dean and Ghemawat. */
    private void checkLostOutputs() {
        if (tasks.allReducesDone() || members.isEmpty()) {
            return;
        }
        List<TaskRecord> lost = new ArrayList<>();
        synchronized (this) {
            for (TaskRecord m : job.maps) {
                if (TaskRecord.SUCCEEDED.equals(m.state) && !members.contains(m.outputNode)) {
                    lost.add(m);
                }
            }
        }
        lost.forEach(this::checkMapOutput);
    }

    private void checkMapOutput(TaskRecord m) {
        boolean alive = answers(m.outputHost, m.outputPort);
        if (alive) {
            return;
        }
        synchronized (this) {
            if (TaskRecord.SUCCEEDED.equals(m.state) && !job.terminal()) {
                log.info("engine: job={} map output of {} was lost with node={}; running it again", job.id, m.id, m.outputNode);
                m.state = TaskRecord.PENDING;
                m.succeededAttempt = null;
                Counters.addAll(job.counters, negate(m.counters));
                m.counters.clear();
                job.phase = JobRecord.MAP;
                dirty = true;
            }
        }
    }

    private static Map<String, Long> negate(Map<String, Long> c) {
        Map<String, Long> out = new HashMap<>();
        c.forEach((k, v) -> out.put(k, -v));
        return out;
    }

    // ---- the end -----------------------------------------------------------------------

    private void finish() {
        synchronized (this) {
            if (job.terminal() || stopped || !tasks.allReducesDone()) {
                return;
            }
            try {
                finisher.publish();
            } catch (RuntimeException e) {
                log.warn("engine: job={} could not publish its output yet: {}", job.id, e.toString());
                return;
            }
            dirty = true;
        }
        flush();
        finisher.announce(true);
        ctx.background(finisher::cleanUp);
        stopTicker();
    }

    /** Cancels the job: running attempts are told to stop, temporary data goes. */
    public void cancel() {
        synchronized (this) {
            if (job.terminal()) {
                return;
            }
            job.state = JobRecord.CANCELLED;
            job.error = "cancelled";
            job.endMillis = System.currentTimeMillis();
            dirty = true;
        }
        endAbnormally();
    }

    private void fail(String message) {
        synchronized (this) {
            failLocked(message);
        }
        endAbnormally();
    }

    private void failLocked(String message) {
        job.state = JobRecord.FAILED;
        job.error = message;
        job.endMillis = System.currentTimeMillis();
        dirty = true;
        log.warn("engine: job={} failed: {}", job.id, message);
        ctx.background(this::endAbnormally);
    }

    private void endAbnormally() {
        flush();
        finisher.announce(true);
        finisher.cleanUp();
        stopTicker();
    }

    public synchronized JobStatus status() {
        return JobStatus.of(job);
    }

    /**
     * Writes the record to the ring if it changed. The record is serialized (and versioned) under
     * the coordinator's lock but written outside it, so workers are never held up by a slow
     * replica; the flush lock keeps an older snapshot from landing after a newer one.
     */
    private void flush() {
        synchronized (flushLock) {
            byte[] json;
            long version;
            synchronized (this) {
                if (!dirty || stopped) {
                    return;
                }
                dirty = false;
                json = ctx.encodeRecord(job);
                version = ctx.store().nextVersion();
            }
            try {
                ctx.writeRecord(job.id, version, json);
            } catch (RuntimeException e) {
                synchronized (this) {
                    dirty = true;
                }
                log.warn("engine: job={} could not save its record: {}", job.id, e.toString());
            }
        }
    }

    /** The periodic flush, off the tick thread so that a slow write never delays failure detection. */
    private void flushInBackground() {
        if (flushing.compareAndSet(false, true)) {
            ctx.background(() -> {
                try {
                    flush();
                } finally {
                    flushing.set(false);
                }
            });
        }
    }

    public void stop() {
        stopped = true;
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

    private static String key(TaskRecord t, AttemptRecord a) {
        return t.id + "/" + a.n;
    }
}
