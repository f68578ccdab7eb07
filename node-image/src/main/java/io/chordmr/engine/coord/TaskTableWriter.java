package io.chordmr.engine.coord;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the job's record to the ring when it changed. The record is serialized (and versioned)
 * under the coordinator's lock but written outside it, so workers are never held up by a slow
 * replica; the flush lock keeps an older snapshot from landing after a newer one.
 */
final class TaskTableWriter {

    private static final Logger log = LoggerFactory.getLogger(TaskTableWriter.class);

    private final JobRecords records;
    private final JobRecord job;
    private final Object lock;
    private final Executor background;
    private final Object flushLock = new Object();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private boolean dirty = true;
    private volatile boolean stopped;

    TaskTableWriter(JobRecords records, JobRecord job, Object lock, Executor background) {
        this.records = records;
        this.job = job;
        this.lock = lock;
        this.background = background;
    }

    /** Called under the coordinator's lock after any change. */
    void changed() {
        dirty = true;
    }

    void flush() {
        synchronized (flushLock) {
            byte[] json;
            long version;
            synchronized (lock) {
                if (!dirty || stopped) {
                    return;
                }
                dirty = false;
                json = records.encode(job);
                version = records.nextVersion();
            }
            try {
                records.write(job.id, version, json);
            } catch (RuntimeException e) {
                synchronized (lock) {
                    dirty = true;
                }
                log.warn("engine: job={} could not save its record: {}", job.id, e.toString());
            }
        }
    }

    /** The periodic flush, off the tick thread so that a slow write never delays failure detection. */
    void flushInBackground() {
        if (flushing.compareAndSet(false, true)) {
            try {
                background.execute(() -> {
                    try {
                        flush();
                    } finally {
                        flushing.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flushing.set(false); // the node is stopping
            }
        }
    }

    /** No more writes: another node owns the record now, or this one is stopping. */
    void stop() {
        stopped = true;
    }
}
