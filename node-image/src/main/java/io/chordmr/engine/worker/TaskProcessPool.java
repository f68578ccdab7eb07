package io.chordmr.engine.worker;

import io.chordmr.manifest.JobSpec;
import io.chordmr.engine.context.TaskProcessSettings;
import io.chordmr.engine.task.ChunkSink;
import io.chordmr.engine.task.TaskResult;
import io.chordmr.engine.task.TaskWork;
import io.chordmr.engine.task.wire.TaskChannel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task JVMs of one node, as Hadoop's task JVMs: job code runs there, never in the node. A
 * process runs one attempt at a time and is reused for the next (of any job, each job's classes in
 * a loader of their own), one per slot at most, with a spare started ahead whenever there are
 * fewer, so a new job's first task starts at once.
 * A process that died, leaked threads, or was killed is thrown away and replaced, never reused.
 *
 * <p>Processes connect back to one Unix domain socket of the node's and prove themselves with a
 * secret written to their stdin; they get no cluster token and only a few environment variables.
 */
public final class TaskProcessPool implements TaskLauncher {

    private static final Logger log = LoggerFactory.getLogger(TaskProcessPool.class);
    private static final long CONNECT_MILLIS = 60_000;

    private final String node;
    private final TaskProcessSettings settings;
    private final int maxLive;
    private final boolean spare;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Map<String, TaskProcess> starting = new ConcurrentHashMap<>();
    private final Set<TaskProcess> live = ConcurrentHashMap.newKeySet();
    private final Deque<TaskProcess> idle = new ArrayDeque<>();
    private final AtomicBoolean spareStarting = new AtomicBoolean();
    /**
     * {@code -Dchordmr.task.warmUp=false} on the node turns the warm-up off: the test suite does, as
     * it starts dozens of nodes on two cores where the warm-ups would take the cores from the tests.
     */
    private final boolean warmUp = Boolean.parseBoolean(System.getProperty("chordmr.task.warmUp", "true"));
    /** Attempts running on this node's processes now. */
    private final AtomicInteger running = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private final LongAdder processesStarted = new LongAdder();
    private volatile boolean closed;

    /** @param dir where the node's socket lives; a path over 100 characters falls back to a temporary directory */
    public TaskProcessPool(String node, Path dir, TaskProcessSettings settings, int slots) {
        this.node = node;
        this.settings = settings;
        this.maxLive = Math.max(1, slots);
        this.spare = slots > 0;
        try {
            // A name of its own: a node restarted on the same directory while the old one still closes
            // must not have its socket deleted by the old one's close. Sockets of nodes gone before go.
            String name = "tasks-" + HexFormat.of().toHexDigits(random.nextInt()) + ".sock";
            Path sock = dir.resolve(name).toAbsolutePath();
            if (sock.toString().length() > 100) {
                sock = Files.createTempDirectory("chordmr-tasks").resolve(name);
            }
            try (var stale = Files.newDirectoryStream(sock.getParent(), "tasks*.sock")) {
                for (Path old : stale) {
                    Files.deleteIfExists(old);
                }
            }
            this.socket = sock;
            this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(sock));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the task processes' socket in " + dir, e);
        }
        Thread acceptor = new Thread(this::accept, "task-accept-" + node);
        acceptor.setDaemon(true);
        acceptor.start();
        ensureSpare();
    }

    /** Where task processes connect. */
    Path socket() {
        return socket;
    }

    @Override
    public TaskResult run(TaskWork work, RunningAttempt attempt, ChunkSink sink) throws InterruptedException {
        TaskProcess p;
        try {
            p = acquire(settings.heapFor(work.spec()));
        } catch (IOException e) {
            log.warn("engine: node={} cannot start a task process for {}: {}", node, work.describe(), e.getMessage());
            return TaskResult.failed(attempt.counters.snapshot(), "cannot start a task process: " + e.getMessage());
        }
        attempt.process = p;
        running.incrementAndGet();
        stopWarmUps();
        try {
            if (attempt.control.killed()) {
                return TaskResult.killed(attempt.counters.snapshot());
            }
            return p.run(work, attempt, sink);
        } finally {
            attempt.process = null;
            running.decrementAndGet();
            release(p);
        }
    }

    @Override
    public long processesStarted() {
        return processesStarted.sum();
    }

    @Override
    public int sortBufferBytes(JobSpec spec) {
        return TaskWork.MapInput.sortBufferFor(settings.heapFor(spec));
    }

    @Override
    public void interrupt(RunningAttempt attempt) {
        TaskProcess p = attempt.process;
        if (p != null) {
            p.kill(attempt.control.killReason());
        }
    }

    /** The attempt's process goes, and with it the code that ignored its kill; the worker thread then returns. */
    @Override
    public boolean forceStop(RunningAttempt attempt) {
        TaskProcess p = attempt.process;
        if (p != null) {
            log.warn("engine: node={} job={} task={} attempt={} ignores its kill; killing task process {}", node,
                    attempt.assignment.jobId(), attempt.assignment.taskId(), attempt.assignment.attempt(), p.pid());
            p.destroy();
        }
        return true;
    }

    @Override
    public void forget(String jobId) {
        live.forEach(p -> p.forget(jobId));
    }

    private TaskProcess acquire(long heap) throws IOException, InterruptedException {
        TaskProcess p = null;
        List<TaskProcess> dead = new ArrayList<>();
        synchronized (idle) {
            for (TaskProcess q : idle) {
                if (!q.reusable()) {
                    dead.add(q); // died while idle (killed from outside, say)
                } else if (p == null && q.heapBytes() == heap) {
                    p = q;
                }
            }
            idle.removeAll(dead);
            idle.remove(p);
        }
        dead.forEach(this::discard);
        if (p == null) {
            p = start(heap);
            p.awaitConnected(CONNECT_MILLIS);
        }
        ensureSpare();
        return p;
    }

    /**
     * While no attempt runs on this node, its idle processes that never ran one compile the
     * engine's path on generated text (the first job on a fresh ring ran 1.6-1.9x slower than the
     * next without this); an attempt starting stops them, so warming never takes a core from work.
     */
    private void warmIdle() {
        if (!warmUp) {
            return;
        }
        synchronized (idle) { // under the lock stopWarmUps takes after counting its attempt: no warm-up outlives that
            if (running.get() == 0 && !closed) {
                idle.forEach(TaskProcess::warmUp);
            }
        }
    }

    private void stopWarmUps() {
        synchronized (idle) {
            idle.forEach(TaskProcess::stopWarmUp);
        }
    }

    /** Back to idle, most recently used first; beyond one process per slot the least recently used idle one goes. */
    private void release(TaskProcess p) {
        if (!p.reusable() || closed) {
            discard(p);
            ensureSpare();
            return;
        }
        TaskProcess extra = null;
        synchronized (idle) {
            idle.addFirst(p);
            if (live.size() > maxLive && idle.size() > 1) {
                extra = idle.removeLast();
            }
        }
        if (extra != null) {
            discard(extra);
        }
        warmIdle();
    }

    private void discard(TaskProcess p) {
        p.destroy();
        live.remove(p);
        synchronized (idle) {
            idle.remove(p);
        }
    }

    /**
     * Keeps a process of the default heap started ahead of need while the node has fewer live
     * processes than slots: at start, and after one was thrown away. A busy slot needs none, since
     * its process comes back idle when its attempt ends.
     */
    private void ensureSpare() {
        if (closed || !spare || !spareStarting.compareAndSet(false, true)) {
            return;
        }
        synchronized (idle) {
            if (live.size() >= maxLive || idle.stream().anyMatch(p -> p.heapBytes() == settings.heapBytes() && p.reusable())) {
                spareStarting.set(false);
                return;
            }
        }
        Thread t = new Thread(() -> {
            try {
                TaskProcess p = start(settings.heapBytes());
                p.awaitConnected(CONNECT_MILLIS);
                release(p);
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.warn("engine: node={} could not start a spare task process: {}", node, e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                spareStarting.set(false);
            }
        }, "task-spare-" + node);
        t.setDaemon(true);
        t.start();
    }

    private TaskProcess start(long heap) throws IOException {
        if (closed) {
            throw new IOException("node " + node + " is stopping");
        }
        byte[] secretBytes = new byte[24];
        random.nextBytes(secretBytes);
        String secret = HexFormat.of().formatHex(secretBytes);
        ProcessBuilder pb = new ProcessBuilder(settings.command(heap, socket)).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        Map<String, String> keep = new java.util.HashMap<>();
        TaskProcessSettings.ENVIRONMENT.forEach(k -> {
            if (env.containsKey(k)) {
                keep.put(k, env.get(k));
            }
        });
        env.clear();
        env.putAll(keep);
        Process process = pb.start();
        processesStarted.increment();
        TaskProcess p = new TaskProcess(node, heap, process);
        starting.put(secret, p);
        live.add(p);
        try (OutputStream in = process.getOutputStream()) {
            in.write((secret + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            starting.remove(secret);
            discard(p);
            throw new IOException("task process " + process.pid() + " exited at once", e);
        }
        log.debug("engine: node={} started task process {} (heap {} MiB)", node, process.pid(), heap >> 20);
        return p;
    }

    private void accept() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("engine: node={} task socket failed: {}", node, e.toString());
                }
                return;
            }
            Thread t = new Thread(() -> handshake(new TaskChannel(ch)), "task-hello-" + node);
            t.setDaemon(true);
            t.start();
        }
    }

    /** The first frame must be HELLO with a secret this node gave out; anything else is dropped. */
    private void handshake(TaskChannel ch) {
        try {
            TaskChannel.Frame f = ch.read();
            if (f == null || f.type() != TaskChannel.HELLO) {
                ch.close();
                return;
            }
            TaskChannel.Hello hello = f.as(TaskChannel.Hello.class);
            TaskProcess p = hello.secret() == null ? null : find(hello.secret());
            if (p == null) {
                log.warn("engine: node={} refused a task channel with a wrong secret (pid {})", node, hello.pid());
                ch.close();
                return;
            }
            p.connect(ch);
        } catch (IOException | RuntimeException e) {
            log.debug("engine: node={} task handshake failed: {}", node, e.toString());
            ch.close();
        }
    }

    private TaskProcess find(String secret) {
        for (Map.Entry<String, TaskProcess> e : starting.entrySet()) {
            if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
                starting.remove(e.getKey());
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        live.forEach(TaskProcess::destroy);
        live.clear();
        synchronized (idle) {
            idle.clear();
        }
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.debug("engine: node={} could not remove its task socket: {}", node, e.toString());
        }
    }
}
