package io.chordmr.engine.worker;

import io.chordmr.engine.context.EngineContext;
import io.chordmr.engine.context.TaskProcessSettings;
import io.chordmr.engine.message.EngineMessageType;
import io.chordmr.engine.message.EngineMessages;
import io.chordmr.engine.message.EngineMessages.Assignment;
import io.chordmr.engine.message.EngineMessages.DoneReply;
import io.chordmr.engine.message.EngineMessages.JobAnnounce;
import io.chordmr.engine.message.EngineMessages.StatusReply;
import io.chordmr.engine.message.EngineMessages.TaskDone;
import io.chordmr.engine.message.EngineMessages.TaskRequest;
import io.chordmr.engine.message.EngineMessages.TaskResponse;
import io.chordmr.engine.message.EngineMessages.TaskStatus;
import io.chordmr.engine.shuffle.MapOutputStore;
import io.chordmr.engine.task.Counters;
import io.chordmr.net.Address;
import io.chordmr.net.PeerUnreachableException;
import io.chordmr.net.RemoteException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls tasks from the coordinators of running jobs while it has free slots, runs them, reports
 * their progress, and delivers their results. A node that finishes faster simply asks more often,
 * which is the load balancing.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final long ABANDON_AFTER_MS = 5000;
    private static final int ENDED_KEPT = 1024;

    private final EngineContext ctx;
    private final TaskExecution execution;
    private final Map<String, Address> jobs = new ConcurrentHashMap<>();
    private final Map<String, RunningAttempt> running = new ConcurrentHashMap<>();
    /**
     * Jobs this node heard have ended, the latest {@value #ENDED_KEPT}: an assignment that arrives
     * after its job's clean-up is dropped, so no attempt starts (and opens an upload) once the
     * coordinator has cleaned up.
     */
    private final Set<String> ended = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED_KEPT;
        }
    }));
    private final Semaphore free;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final Map<Tally, LongAdder> attempts = new ConcurrentHashMap<>();
    private final LongAdder spilledRecords = new LongAdder();
    private final LongAdder shuffledBytes = new LongAdder();
    private final ExecutorService threads;

    public Worker(EngineContext ctx, MapOutputStore outputs) {
        this.ctx = ctx;
        TaskProcessSettings processes = ctx.config().taskProcesses();
        TaskLauncher launcher = processes == null ? new InProcessTasks(ctx.config().sortBufferBytes())
                : new TaskProcessPool(ctx.self().name(), ctx.workDir(), processes, ctx.config().slots());
        this.execution = new TaskExecution(ctx, outputs, launcher);
        this.free = new Semaphore(ctx.config().slots());
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "task-" + ctx.self().name() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        ctx.scheduler().scheduleWithFixedDelay(this::pollSafely, 200, 200, TimeUnit.MILLISECONDS);
        long every = ctx.config().statusInterval().toMillis();
        ctx.scheduler().scheduleWithFixedDelay(this::report, every, every, TimeUnit.MILLISECONDS);
    }

    public void onAnnounce(JobAnnounce a) {
        if (a.ended()) {
            ended(a.jobId());
            return;
        }
        jobs.put(a.jobId(), new Address(a.host(), a.port()));
        ctx.background(this::pollSafely);
    }

    public void onCleanup(String jobId) {
        ended(jobId);
        execution.forget(jobId);
    }

    /** Noted first, then the running attempts killed: an attempt launched meanwhile sees the note (see launch). */
    private void ended(String jobId) {
        ended.add(jobId);
        jobs.remove(jobId);
        kill(jobId, "job ended");
    }

    private void kill(String jobId, String reason) {
        running.values().stream().filter(r -> r.assignment.jobId().equals(jobId)).forEach(r -> stop(r, reason));
    }

    private void pollSafely() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        try {
            for (String jobId : new ArrayList<>(jobs.keySet())) {
                while (free.availablePermits() > 0 && jobs.containsKey(jobId) && ask(jobId)) {
                    // keep asking this job while it hands out work and slots are free
                }
            }
        } catch (RuntimeException e) {
            log.debug("engine: node={} polling failed: {}", ctx.self().name(), e.toString());
        } finally {
            polling.set(false);
        }
    }

    /** Asks the job's coordinator for tasks; true when it gave some. */
    private boolean ask(String jobId) {
        Address coordinator = jobs.get(jobId);
        TaskResponse r;
        try {
            r = ctx.call(coordinator, EngineMessageType.TASK_REQUEST, new TaskRequest(jobId, ctx.self().name(),
                    ctx.self().address().host(), ctx.self().address().port(), free.availablePermits()), TaskResponse.class);
        } catch (PeerUnreachableException | RemoteException e) {
            relocate(jobId);
            return false;
        }
        if (r.ended()) {
            ended(jobId);
            return false;
        }
        for (Assignment a : r.assignments()) {
            launch(a);
        }
        return !r.assignments().isEmpty();
    }

    /** The coordinator did not answer: the job's record may have a new owner by now. */
    private void relocate(String jobId) {
        try {
            jobs.computeIfPresent(jobId, (k, v) -> ctx.ownerOf(jobId).address());
        } catch (RuntimeException e) {
            log.debug("engine: node={} cannot find the coordinator of job={}: {}", ctx.self().name(), jobId, e.toString());
        }
    }

    private void launch(Assignment a) {
        if (ended.contains(a.jobId())) {
            return;
        }
        if (!free.tryAcquire()) {
            free.acquireUninterruptibly();
        }
        RunningAttempt r = new RunningAttempt(a);
        running.put(r.key(), r);
        if (ended.contains(a.jobId())) {
            // The job ended between the check above and now; its kill may have missed this attempt.
            r.control.kill("job ended");
        }
        threads.execute(() -> run(r));
    }

    private void run(RunningAttempt r) {
        TaskDone done = null;
        try {
            done = execution.execute(r);
        } catch (InterruptedException e) {
            return; // the node is stopping
        } finally {
            running.remove(r.key());
            if (r.slotHeld.compareAndSet(true, false)) {
                free.release();
            }
        }
        count(r, done);
        if (done != null) {
            deliver(r, done);
        }
        ctx.background(this::pollSafely);
    }

    /** Hands a result to the job's coordinator, following it if it moves; gives up after a minute. */
    private void deliver(RunningAttempt r, TaskDone done) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        String jobId = r.assignment.jobId();
        while (System.nanoTime() < deadline) {
            if (ended.contains(jobId)) {
                execution.abandon(done);
                return; // nobody takes results of a job that ended; its clean-up removed the rest
            }
            Address coordinator = jobs.get(jobId);
            if (coordinator == null) {
                coordinator = ctx.ownerOf(jobId).address();
            }
            try {
                DoneReply reply = ctx.call(coordinator, EngineMessageType.TASK_DONE, done, DoneReply.class);
                if (!reply.accepted()) {
                    execution.discard(done);
                }
                return;
            } catch (PeerUnreachableException | RemoteException e) {
                log.debug("engine: node={} job={} could not report {}: {}", ctx.self().name(), jobId, done.taskId(), e.toString());
                relocate(jobId);
                try {
                    TimeUnit.MILLISECONDS.sleep(200); // a worker thread waiting for a new coordinator, not a test
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        log.warn("engine: node={} job={} gave up reporting {} attempt {}", ctx.self().name(), jobId, done.taskId(), done.attempt());
    }

    private void report() {
        for (RunningAttempt r : running.values()) {
            Address coordinator = jobs.get(r.assignment.jobId());
            if (coordinator == null) {
                continue;
            }
            Assignment a = r.assignment;
            ctx.send(coordinator, EngineMessageType.TASK_STATUS, new TaskStatus(a.jobId(), a.taskId(), a.attempt(), a.epoch(), r.control.progress(),
                    r.counters.snapshot())).thenAccept(b -> {
                        StatusReply s = io.chordmr.engine.message.EngineMessages.decode(b, StatusReply.class);
                        if (s.kill()) {
                            stop(r, s.reason());
                        }
                    }).exceptionally(e -> null);
        }
    }

    /**
     * Kills an attempt. Code that ignores the kill for {@value #ABANDON_AFTER_MS} ms has its task
     * process killed; in this JVM ({@code chordmr local}) its thread is left behind and its slot freed.
     */
    private void stop(RunningAttempt r, String reason) {
        if (r.control.killed()) {
            return;
        }
        log.info("engine: node={} killing job={} task={} attempt={}: {}", ctx.self().name(), r.assignment.jobId(),
                r.assignment.taskId(), r.assignment.attempt(), reason);
        r.control.kill(reason);
        execution.launcher().interrupt(r);
        ctx.later(() -> {
            if (running.containsKey(r.key()) && !execution.launcher().forceStop(r) && r.slotHeld.compareAndSet(true, false)) {
                log.warn("engine: node={} job={} task={} attempt={} ignores its kill; its thread is abandoned and its slot freed",
                        ctx.self().name(), r.assignment.jobId(), r.assignment.taskId(), r.assignment.attempt());
                running.remove(r.key());
                free.release();
            }
        }, ABANDON_AFTER_MS);
    }

    /** What this node's attempts did, for its metrics. */
    public record Tally(String kind, String outcome) {
    }

    private void count(RunningAttempt r, TaskDone done) {
        String outcome = done == null ? "killed" : done.succeeded() ? "succeeded" : "failed";
        attempts.computeIfAbsent(new Tally(r.assignment.map() ? "map" : "reduce", outcome), k -> new LongAdder()).increment();
        if (done != null && done.counters() != null) {
            spilledRecords.add(done.counters().getOrDefault(Counters.SPILLED_RECORDS, 0L));
            shuffledBytes.add(done.counters().getOrDefault(Counters.SHUFFLED_BYTES, 0L));
        }
    }

    /** Attempts that ended on this node, by kind (map, reduce) and outcome (succeeded, failed, killed). */
    public long attempts(String kind, String outcome) {
        LongAdder a = attempts.get(new Tally(kind, outcome));
        return a == null ? 0 : a.sum();
    }

    public long spilledRecords() {
        return spilledRecords.sum();
    }

    public long shuffledBytes() {
        return shuffledBytes.sum();
    }

    public long taskProcessesStarted() {
        return execution.launcher().processesStarted();
    }

    public int runningAttempts() {
        return running.size();
    }

    @Override
    public void close() {
        running.values().forEach(r -> r.control.kill("node stopping"));
        threads.shutdownNow();
        execution.closeAll();
    }
}
