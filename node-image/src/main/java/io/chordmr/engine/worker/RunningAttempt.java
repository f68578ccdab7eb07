package io.chordmr.engine.worker;

import io.chordmr.engine.message.EngineMessages.Assignment;
import io.chordmr.engine.task.AttemptControl;
import io.chordmr.engine.task.Counters;
import java.util.concurrent.atomic.AtomicBoolean;

/** An attempt this worker runs: its assignment, the control its code checks, and where it runs (a thread or a task process). */
final class RunningAttempt {

    final Assignment assignment;
    final AttemptControl control = new AttemptControl();
    final Counters counters = new Counters();
    final AtomicBoolean slotHeld = new AtomicBoolean(true);
    volatile Thread thread;
    volatile TaskProcess process;

    RunningAttempt(Assignment assignment) {
        this.assignment = assignment;
    }

    String key() {
        return assignment.jobId() + "/" + assignment.taskId() + "/" + assignment.attempt() + "/" + assignment.epoch();
    }
}
