package io.chordmr.engine;

import io.chordmr.engine.context.EngineContext;
import io.chordmr.engine.coord.Coordinator;
import io.chordmr.engine.coord.JobRecord;
import io.chordmr.engine.coord.JobRecords;
import io.chordmr.engine.message.EngineMessageType;
import io.chordmr.engine.message.EngineMessages;
import io.chordmr.engine.message.EngineMessages.JobAnnounce;
import io.chordmr.engine.message.EngineMessages.JobControl;
import io.chordmr.engine.message.EngineMessages.JobOp;
import io.chordmr.engine.message.EngineMessages.TaskDone;
import io.chordmr.engine.message.EngineMessages.TaskRequest;
import io.chordmr.engine.message.EngineMessages.TaskStatus;
import io.chordmr.engine.shuffle.MapOutputStore;
import io.chordmr.engine.shuffle.ShuffleServer;
import io.chordmr.engine.worker.Worker;
import io.chordmr.net.Dispatcher;
import io.chordmr.net.ErrorCode;
import io.chordmr.net.RequestException;
import io.chordmr.store.ChunkStore;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MapReduce engine on one node: a worker that runs tasks, and a coordinator for each job
 * whose record this node owns. Owning is checked every second and after every ring change, so
 * when a coordinator's node dies the next owner of the job's key picks the job up.
 */
public final class Engine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final EngineContext ctx;
    private final JobRecords records;
    private final ShuffleServer shuffle;
    private final Worker worker;
    private final JobService jobs;
    private final Map<String, Coordinator> coordinators = new ConcurrentHashMap<>();
    private final AtomicBoolean scanPending = new AtomicBoolean();

    public Engine(EngineContext ctx) {
        this.ctx = ctx;
        MapOutputStore outputs = new MapOutputStore(ctx.workDir());
        this.records = new JobRecords(ctx.store());
        this.shuffle = new ShuffleServer(outputs, ctx.io());
        this.worker = new Worker(ctx, outputs);
        this.jobs = new JobService(ctx, records, this);
    }

    public JobService jobs() {
        return jobs;
    }

    public Worker worker() {
        return worker;
    }

    public void registerWith(Dispatcher d) {
        d.register(EngineMessageType.JOB_ANNOUNCE, b -> async(() -> {
            worker.onAnnounce(EngineMessages.decode(b, JobAnnounce.class));
            return new byte[0];
        }));
        d.register(EngineMessageType.TASK_REQUEST, b -> async(() -> {
            TaskRequest r = EngineMessages.decode(b, TaskRequest.class);
            return EngineMessages.encode(coordinator(r.jobId()).request(r));
        }));
        d.register(EngineMessageType.TASK_STATUS, b -> async(() -> {
            TaskStatus s = EngineMessages.decode(b, TaskStatus.class);
            return EngineMessages.encode(coordinator(s.jobId()).status(s));
        }));
        d.register(EngineMessageType.TASK_DONE, b -> async(() -> {
            TaskDone done = EngineMessages.decode(b, TaskDone.class);
            return EngineMessages.encode(coordinator(done.jobId()).done(done));
        }));
        d.register(EngineMessageType.JOB_CONTROL, b -> async(() -> control(EngineMessages.decode(b, JobControl.class))));
        d.register(EngineMessageType.JOB_CLEANUP, b -> async(() -> {
            worker.onCleanup(EngineMessages.decode(b, JobControl.class).jobId());
            return new byte[0];
        }));
        shuffle.registerWith(d);
    }

    private byte[] control(JobControl c) {
        if (c.op() == null) {
            throw new RequestException(ErrorCode.BAD_REQUEST, "job control without an operation");
        }
        return switch (c.op()) {
            case WAKE -> {
                scanOne(c.jobId());
                yield new byte[0];
            }
            case STATUS -> EngineMessages.encode(coordinator(c.jobId()).status());
            case TASKS -> EngineMessages.encode(coordinator(c.jobId()).tasks());
            case CANCEL -> {
                Coordinator co = coordinator(c.jobId());
                co.cancel();
                yield EngineMessages.encode(co.status());
            }
            case SUSPEND, RESUME -> {
                Coordinator co = coordinator(c.jobId());
                co.suspend(c.op() == JobOp.SUSPEND);
                yield EngineMessages.encode(co.status());
            }
            case CLEANUP -> throw new RequestException(ErrorCode.BAD_REQUEST, "cleanup is sent as JOB_CLEANUP, not as a job control");
        };
    }

    private Coordinator coordinator(String jobId) {
        Coordinator c = coordinators.get(jobId);
        if (c == null) {
            throw new RequestException(ErrorCode.NOT_FOUND, "job " + jobId + " is not coordinated on " + ctx.self().name());
        }
        return c;
    }

    private CompletableFuture<byte[]> async(Supplier<byte[]> work) {
        return CompletableFuture.supplyAsync(work, ctx.io());
    }

    public void start() {
        worker.start();
        ctx.scheduler().scheduleWithFixedDelay(this::scanSafely, 1000, 1000, TimeUnit.MILLISECONDS);
        ctx.ring().addListener(s -> {
            if (scanPending.compareAndSet(false, true)) {
                ctx.later(() -> {
                    scanPending.set(false);
                    scanSafely();
                }, 300);
            }
        });
    }

    private void scanSafely() {
        try {
            for (Map.Entry<String, ChunkStore.Entry> e : ctx.store().local().entries().entrySet()) {
                String jobId = EngineContext.jobIdOf(e.getKey());
                if (jobId != null && !e.getValue().tombstone()) {
                    scanOne(jobId);
                }
            }
        } catch (RuntimeException e) {
            log.debug("engine: node={} job scan failed: {}", ctx.self().name(), e.toString());
        }
    }

    /** Starts coordinating the job if this node owns its record and nobody here coordinates it yet. */
    synchronized void scanOne(String jobId) {
        if (coordinators.containsKey(jobId) || !ctx.ring().isMember() || !ctx.ownerOf(jobId).equals(ctx.self())) {
            return;
        }
        JobRecord record = records.read(jobId);
        if (record == null || record.terminal()) {
            return;
        }
        Coordinator c = new Coordinator(ctx, records, record, ctx.config().lostAfter(), () -> coordinators.remove(jobId));
        coordinators.put(jobId, c);
        ctx.background(() -> {
            try {
                c.start();
            } catch (RuntimeException e) {
                log.warn("engine: node={} could not start coordinating job={}: {}", ctx.self().name(), jobId, e.toString(), e);
                coordinators.remove(jobId);
            }
        });
    }

    public boolean coordinates(String jobId) {
        return coordinators.containsKey(jobId);
    }

    @Override
    public void close() {
        coordinators.values().forEach(Coordinator::stop);
        worker.close();
    }
}
