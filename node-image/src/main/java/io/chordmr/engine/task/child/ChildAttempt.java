package io.chordmr.engine.task.child;

import io.chordmr.engine.task.AttemptControl;
import io.chordmr.engine.task.Counters;
import io.chordmr.engine.task.TaskResult;
import io.chordmr.engine.task.TaskRunner;
import io.chordmr.engine.task.TaskWork;
import io.chordmr.engine.task.wire.TaskChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt inside a task process: runs the job code on a thread of its own, reports progress
 * every 200 ms, sends reduce output chunks to the node and waits for each to be stored, and ends
 * with a RESULT frame that says how many threads the job's code left behind.
 */
final class ChildAttempt {

    private static final Logger log = LoggerFactory.getLogger(ChildAttempt.class);
    private static final long REPORT_MS = 200;
    /** How long threads the job started get to end after the attempt before they count as leaked. */
    private static final long LEAK_GRACE_MS = 1000;

    private final TaskWork work;
    private final TaskChannel channel;
    private final TaskRunner runner;
    private final Runnable onEnd;
    private final AttemptControl control = new AttemptControl();
    private final Counters counters = new Counters();
    private volatile CompletableFuture<String> pendingStore;
    private volatile Thread thread;
    private volatile boolean done;

    ChildAttempt(TaskWork work, TaskChannel channel, TaskRunner runner, Runnable onEnd) {
        this.work = work;
        this.channel = channel;
        this.runner = runner;
        this.onEnd = onEnd;
    }

    TaskWork work() {
        return work;
    }

    boolean running() {
        return !done;
    }

    void start() {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Thread reporter = new Thread(this::report, "progress-" + work.taskId());
        reporter.setDaemon(true);
        before.add(reporter);
        thread = new Thread(() -> run(before), "task-" + work.taskId() + "-a" + work.attempt());
        before.add(thread);
        reporter.start();
        thread.start();
    }

    private void run(Set<Thread> before) {
        TaskResult result = runner.run(work, control, counters, this::store);
        done = true;
        int leaked = leakedThreads(before);
        if (leaked > 0) {
            log.warn("task: job={} task={} attempt={} left {} thread(s) running; this process will not be reused",
                    work.jobId(), work.taskId(), work.attempt(), leaked);
        }
        onEnd.run();
        try {
            channel.send(TaskChannel.RESULT, result.withLeakedThreads(leaked));
        } catch (IOException e) {
            log.warn("task: job={} task={} could not report its result: {}", work.jobId(), work.taskId(), e.toString());
        }
    }

    /** Threads started during the attempt and still alive a moment after it ended. */
    private static int leakedThreads(Set<Thread> before) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEAK_GRACE_MS);
        int leaked = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (before.contains(t) || t == Thread.currentThread() || !userThread(t)) {
                continue;
            }
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                leaked++;
            }
        }
        return leaked;
    }

    /** Threads of the JDK itself (process reapers, cleaners) live in the system group, not main's. */
    private static boolean userThread(Thread t) {
        ThreadGroup g = t.getThreadGroup();
        ThreadGroup main = Thread.currentThread().getThreadGroup();
        for (; g != null; g = g.getParent()) {
            if (g == main) {
                return true;
            }
        }
        return false;
    }

    private void report() {
        while (!done) {
            try {
                channel.send(TaskChannel.PROGRESS, new TaskChannel.Progress(control.progress(), counters.snapshot()));
                TimeUnit.MILLISECONDS.sleep(REPORT_MS); // the reporting period, not a wait for a condition
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    void kill(String reason) {
        control.kill(reason);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        CompletableFuture<String> p = pendingStore;
        if (p != null) {
            p.cancel(false);
        }
    }

    /** Sends an output chunk to the node and waits until the ring has it; a kill stops the wait. */
    private String store(int index, byte[] chunk) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        pendingStore = reply;
        control.check();
        try {
            channel.sendChunk(index, chunk);
            while (true) {
                try {
                    return reply.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    control.check();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send output chunk " + index + " to the node", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while the node stored output chunk " + index);
        } finally {
            pendingStore = null;
        }
    }

    void stored(boolean ok, String keyOrError) {
        CompletableFuture<String> p = pendingStore;
        if (p == null) {
            return;
        }
        if (ok) {
            p.complete(keyOrError);
        } else {
            p.completeExceptionally(new IllegalStateException(keyOrError));
        }
    }
}
