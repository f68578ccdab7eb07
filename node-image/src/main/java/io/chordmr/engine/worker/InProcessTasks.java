package io.chordmr.engine.worker;

import io.chordmr.manifest.JobSpec;
import io.chordmr.engine.task.ChunkSink;
import io.chordmr.engine.task.TaskResult;
import io.chordmr.engine.task.TaskRunner;
import io.chordmr.engine.task.TaskWork;

/**
 * Job code on the worker's own thread, in this JVM: {@code chordmr local}'s default, as Hadoop's
 * local runner and Spark's local mode do, for a job that is the user's own program. A node that
 * serves a ring uses {@link TaskProcessPool} instead.
 */
final class InProcessTasks implements TaskLauncher {

    private final TaskRunner runner = new TaskRunner();
    private final int sortBufferBytes;

    InProcessTasks(int sortBufferBytes) {
        this.sortBufferBytes = sortBufferBytes;
    }

    /** This JVM's buffers are shared by its slots; a job's taskHeap does not apply here. */
    @Override
    public int sortBufferBytes(JobSpec spec) {
        return sortBufferBytes;
    }

    @Override
    public TaskResult run(TaskWork work, RunningAttempt attempt, ChunkSink sink) {
        attempt.thread = Thread.currentThread();
        try {
            return runner.run(work, attempt.control, attempt.counters, sink);
        } finally {
            attempt.thread = null;
            Thread.interrupted(); // a kill's interrupt must not leak into the next task on this thread
        }
    }

    @Override
    public void interrupt(RunningAttempt attempt) {
        Thread t = attempt.thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** A thread cannot be stopped safely: it is left behind, and its slot is given back. */
    @Override
    public boolean forceStop(RunningAttempt attempt) {
        return false;
    }

    @Override
    public void forget(String jobId) {
        runner.forget(jobId);
    }

    @Override
    public void close() {
        runner.close();
    }
}
