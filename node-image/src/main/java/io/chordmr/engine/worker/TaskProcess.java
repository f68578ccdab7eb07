package io.chordmr.engine.worker;

import io.chordmr.engine.task.ChunkSink;
import io.chordmr.engine.jobcode.ProcessGroups;
import io.chordmr.engine.task.TaskResult;
import io.chordmr.engine.task.TaskWork;
import io.chordmr.engine.task.wire.TaskChannel;
import io.chordmr.engine.task.wire.TaskChannel.Frame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * One task JVM as its node sees it: the process, its channel, the attempt it runs (one at a time),
 * and the last lines it printed. When the process dies, the attempt ends with the cause: the exit
 * code, the signal, or memory.
 */
final class TaskProcess {

    private static final Logger log = LoggerFactory.getLogger(TaskProcess.class);
    private static final Pattern LEVEL = Pattern.compile("^(TRACE|DEBUG|INFO|WARN|ERROR) +(.*)$");
    private static final int TAIL_LINES = 5;

    /** The attempt a process runs now. */
    private record Current(TaskWork work, RunningAttempt attempt, ChunkSink sink, CompletableFuture<TaskResult> result) {
    }

    private final String node;
    private final long heapBytes;
    private final Process process;
    private final CompletableFuture<TaskChannel> connected = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread output;
    private volatile Current current;
    private volatile boolean broken;
    private volatile boolean outOfMemory;
    /** Set by the reader when the channel ends; an attempt that starts after that fails at once instead of waiting. */
    private volatile boolean channelClosed;
    private volatile boolean warmUpAsked;
    private volatile boolean warmUpStopped;

    TaskProcess(String node, long heapBytes, Process process) {
        this.node = node;
        this.heapBytes = heapBytes;
        this.process = process;
        this.output = new Thread(this::readOutput, "task-output-" + process.pid());
        output.setDaemon(true);
        output.start();
        // A process that dies before it connects (a bad JVM option, say) is reported at once, not after the time-out.
        process.onExit().thenRun(() -> connected.completeExceptionally(new IOException("task process " + process.pid()
                + " exited with code " + process.exitValue() + " before it connected")));
    }

    long pid() {
        return process.pid();
    }

    long heapBytes() {
        return heapBytes;
    }

    /** The channel once the process connected; null before, or when it never will. */
    private TaskChannel channel() {
        return connected.isDone() && !connected.isCompletedExceptionally() ? connected.join() : null;
    }

    /** The process proved itself on the node's socket. */
    void connect(TaskChannel channel) {
        if (!connected.complete(channel)) {
            channel.close();
            return;
        }
        Thread reader = new Thread(() -> readFrames(channel), "task-channel-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    void awaitConnected(long millis) throws IOException, InterruptedException {
        try {
            connected.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            destroy();
            try {
                output.join(2000); // its last lines say why
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw new IOException(process.isAlive() ? "task process " + pid() + " did not connect within " + millis + " ms" + lastOutput()
                    : "task process " + pid() + " exited with code " + process.exitValue() + " before it connected" + lastOutput(), e);
        }
    }

    boolean reusable() {
        return !broken && process.isAlive() && channel() != null;
    }

    /** Runs the attempt here and waits for its end, whatever ends it. */
    TaskResult run(TaskWork work, RunningAttempt attempt, ChunkSink sink) throws InterruptedException {
        warmUpAsked = true; // the attempt stops any warm-up, and warms the process itself
        Current c = new Current(work, attempt, sink, new CompletableFuture<>());
        synchronized (tail) {
            tail.clear(); // a failure names what this attempt printed, not an earlier one
        }
        current = c;
        try {
            channel().send(TaskChannel.RUN, work);
            if (channelClosed || !process.isAlive()) {
                died(c); // it died before its reader saw this attempt
            }
            return c.result.get();
        } catch (IOException e) {
            died(c);
            return c.result.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            current = null;
        }
    }

    void kill(String reason) {
        try {
            channel().send(TaskChannel.KILL, new TaskChannel.Kill(reason));
        } catch (IOException | RuntimeException e) {
            destroy(); // the channel is gone: the process is of no use anyway
        }
    }

    /**
     * Asks an idle process that never ran an attempt to compile the engine's path while it waits;
     * at most once, and never one that has run an attempt (real work warmed it).
     */
    void warmUp() {
        if (warmUpAsked) {
            return;
        }
        warmUpAsked = true;
        signal(TaskChannel.WARM_UP, "");
    }

    /** The node has work: a warming process stops, so that it takes no core from an attempt. */
    void stopWarmUp() {
        if (warmUpAsked && !warmUpStopped) {
            warmUpStopped = true;
            signal(TaskChannel.WARM_STOP, "");
        }
    }

    /** A frame to a working process; one that cannot take it is broken, and not reused. */
    private void signal(byte type, String text) {
        TaskChannel ch = channel();
        if (ch != null && !broken) {
            try {
                ch.sendText(type, text);
            } catch (IOException e) {
                broken = true;
            }
        }
    }

    void forget(String jobId) {
        signal(TaskChannel.FORGET, jobId);
    }

    /** Kills the process and every process it started (its whole group). */
    void destroy() {
        broken = true;
        ProcessGroups.kill(process);
        TaskChannel ch = channel();
        if (ch != null) {
            ch.close();
        }
    }

    private void readFrames(TaskChannel channel) {
        try {
            for (Frame f = channel.read(); f != null; f = channel.read()) {
                Current c = current;
                if (c == null) {
                    continue; // a late progress report of an attempt already ended
                }
                switch (f.type()) {
                    case TaskChannel.PROGRESS -> {
                        TaskChannel.Progress p = f.as(TaskChannel.Progress.class);
                        c.attempt.control.progress(p.progress());
                        c.attempt.counters.set(p.counters());
                    }
                    case TaskChannel.CHUNK -> store(channel, c, f.body());
                    case TaskChannel.RESULT -> {
                        TaskResult r = f.as(TaskResult.class);
                        if (r.leakedThreads() > 0) {
                            broken = true;
                        }
                        c.attempt.counters.set(r.counters());
                        c.result.complete(r);
                    }
                    default -> log.warn("engine: node={} task process {} sent a frame of unknown type {}", node, pid(), f.type());
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("engine: node={} channel of task process {} failed: {}", node, pid(), e.toString());
        }
        broken = true;
        channelClosed = true;
        Current c = current;
        if (c != null) {
            died(c);
        }
    }

    private void store(TaskChannel channel, Current c, byte[] body) throws IOException {
        int index = ByteBuffer.wrap(body, 0, 4).getInt();
        String key;
        try {
            key = c.sink.store(index, Arrays.copyOfRange(body, 4, body.length));
        } catch (RuntimeException e) {
            channel.sendText(TaskChannel.STORE_FAILED, "cannot store output chunk " + index + ": " + e.getMessage());
            return;
        }
        channel.sendText(TaskChannel.STORED, key);
    }

    /** The process is gone mid-attempt: the attempt fails with the cause, unless it was being killed. */
    private void died(Current c) {
        broken = true;
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            output.join(2000); // its last lines say whether memory ran out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (c.attempt.control.killed()) {
            c.result.complete(TaskResult.killed(c.attempt.counters.snapshot()));
            return;
        }
        c.result.complete(TaskResult.failed(c.attempt.counters.snapshot(), cause(c.work)));
    }

    private String cause(TaskWork work) {
        String during = " during " + work.describe();
        if (process.isAlive()) {
            return "task process " + pid() + " closed its channel" + during + lastOutput();
        }
        int code = process.exitValue();
        if (outOfMemory) {
            return "task process ran out of memory (heap " + (heapBytes >> 20) + " MiB)" + during
                    + "; give the job more with spec.taskHeap, or keep less in memory";
        }
        if (code > 128) {
            int signal = code - 128;
            return "task process was killed by signal " + signal + (signal == 9 ? " (SIGKILL)" : "") + during + lastOutput();
        }
        return "task process exited with code " + code + during + " (System.exit in job code?)" + lastOutput();
    }

    private String lastOutput() {
        synchronized (tail) {
            return tail.isEmpty() ? "" : "; its last output: " + String.join(" | ", tail);
        }
    }

    /** Every line the process prints goes to this node's log with the ids of the attempt it ran. */
    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.contains("java.lang.OutOfMemoryError")) {
                    outOfMemory = true;
                }
                String shown = line.length() > 300 ? line.substring(0, 300) + "..." : line;
                synchronized (tail) {
                    tail.addLast(shown);
                    while (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                Matcher m = LEVEL.matcher(line);
                Level level = m.matches() ? Level.valueOf(m.group(1)) : Level.INFO;
                Current c = current;
                String job = c == null ? "-" : c.work.jobId();
                String task = c == null ? "-" : c.work.taskId() + "/" + c.work.attempt();
                // The ids as MDC too, so that JSON logs (--log-json) carry them as fields.
                try (var j = MDC.putCloseable("job", job); var t = MDC.putCloseable("task", task)) {
                    log.atLevel(level).log("task: node={} pid={} job={} task={} | {}", node, pid(), job, task, m.matches() ? m.group(2) : line);
                }
            }
        } catch (IOException e) {
            // the process is gone; nothing more to read
        }
    }
}
