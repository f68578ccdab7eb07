package io.chordmr.engine.worker;

import io.chordmr.manifest.JobSpec;
import io.chordmr.engine.task.ChunkSink;
import io.chordmr.engine.task.TaskResult;
import io.chordmr.engine.task.TaskWork;

/** Where a node runs job code: task processes ({@link TaskProcessPool}), or its own JVM for {@code chordmr local}. */
interface TaskLauncher extends AutoCloseable {

    /**
     * Runs the attempt on the calling worker thread until it ends. Progress and counters go into
     * the attempt's control and counters as they come; never throws for what the job code does.
     */
    TaskResult run(TaskWork work, RunningAttempt attempt, ChunkSink sink) throws InterruptedException;

    /** The map-side sort buffer for the job's tasks, sized to the heap they run in. */
    int sortBufferBytes(JobSpec spec);

    /** Asks the attempt's code to stop at its next record. */
    void interrupt(RunningAttempt attempt);

    /**
     * The attempt ignored its kill: stop it by force, or give up on it. True when its worker thread
     * will return on its own (its slot comes back then); false when the slot must be freed now.
     */
    boolean forceStop(RunningAttempt attempt);

    /** The job has ended on this node: drop its classes. */
    void forget(String jobId);

    @Override
    void close();

    /** Task processes this launcher started, the spares and replacements of dead ones included; 0 in one JVM. */
    default long processesStarted() {
        return 0;
    }
}
