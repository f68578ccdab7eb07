package io.chordmr.engine.task.child;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.ConsoleTarget;
import io.chordmr.engine.task.TaskRunner;
import io.chordmr.engine.task.TaskWork;
import io.chordmr.engine.task.wire.TaskChannel;
import io.chordmr.engine.task.wire.TaskChannel.Frame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task process: the JVM where job code runs, started and supervised by a node. It connects to
 * the node's socket (path in {@code args[0]}), proves itself with the secret the node wrote to its
 * stdin, then runs one attempt at a time as the node asks. It knows no cluster token and reaches
 * no ring: its input is local files, its reduce output goes back through the node. It exits when
 * the node closes the channel, so a node that dies takes its task processes with it.
 */
public final class TaskProcessMain {

    private static final Logger log = LoggerFactory.getLogger(TaskProcessMain.class);

    private final TaskChannel channel;
    private final TaskRunner runner = new TaskRunner();
    private volatile ChildAttempt current;
    private final Path nodeDir;
    /** The warm-up, once the node asked for it; a process warms up at most once. */
    private volatile Warmup warmup;

    private TaskProcessMain(TaskChannel channel, Path nodeDir) {
        this.channel = channel;
        this.nodeDir = nodeDir;
    }

    public static void main(String[] args) throws Exception {
        logToStderr();
        String secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.in.close();
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        socket.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
        TaskChannel channel = new TaskChannel(socket);
        channel.send(TaskChannel.HELLO, new TaskChannel.Hello(secret, ProcessHandle.current().pid()));
        // Warm-up files go in the socket's directory, the node's own: the pod's root file system is read-only.
        new TaskProcessMain(channel, Path.of(args[0]).toAbsolutePath().getParent()).serve();
        // The node is gone or told us to stop; daemon threads of job code must not keep us alive.
        Runtime.getRuntime().halt(0);
    }

    private void serve() {
        try {
            for (Frame f = channel.read(); f != null; f = channel.read()) {
                switch (f.type()) {
                    case TaskChannel.RUN -> start(f.as(TaskWork.class));
                    case TaskChannel.KILL -> {
                        ChildAttempt a = current;
                        if (a != null) {
                            a.kill(f.as(TaskChannel.Kill.class).reason());
                        }
                    }
                    case TaskChannel.STORED, TaskChannel.STORE_FAILED -> {
                        ChildAttempt a = current;
                        if (a != null) {
                            a.stored(f.type() == TaskChannel.STORED, f.text());
                        }
                    }
                    case TaskChannel.FORGET -> runner.forget(f.text());
                    case TaskChannel.WARM_UP -> warmUp();
                    case TaskChannel.WARM_STOP -> stopWarmUp();
                    default -> log.warn("task: pid={} ignoring a frame of unknown type {}", ProcessHandle.current().pid(), f.type());
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("task: pid={} lost its channel to the node: {}", ProcessHandle.current().pid(), e.toString());
        }
    }

    private void start(TaskWork work) {
        if (current != null && current.running()) {
            log.error("task: pid={} asked to run {} while {} runs; refusing", ProcessHandle.current().pid(), work.describe(),
                    current.work().describe());
            return;
        }
        stopWarmUp();
        ChildAttempt a = new ChildAttempt(work, channel, runner, () -> current = null);
        current = a;
        a.start();
    }

    /**
     * The node asks (it decides whether and when). It runs until the JIT settles;
     * {@code -Dchordmr.task.warmUpMaps=N} in CHORDMR_TASK_JAVA_OPTS makes it N maps instead.
     */
    private void warmUp() {
        if (warmup != null || (current != null && current.running())) {
            return;
        }
        Integer maps = Integer.getInteger("chordmr.task.warmUpMaps");
        warmup = new Warmup(nodeDir.resolve("warm-up-" + ProcessHandle.current().pid()), maps == null ? Warmup.MAX_MAPS : maps, maps == null);
        Thread t = new Thread(warmup, "warm-up");
        t.setDaemon(true);
        t.start();
    }

    private void stopWarmUp() {
        Warmup w = warmup;
        if (w != null) {
            w.stop();
        }
    }

    /** Plain lines on stderr: the node reads them and logs them with the job and task ids. */
    private static void logToStderr() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        ctx.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%-5level %logger{24} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setTarget(ConsoleTarget.SystemErr.getName());
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(ch.qos.logback.classic.Level.WARN);
        root.addAppender(console);
        ctx.getLogger("io.chordmr").setLevel(ch.qos.logback.classic.Level.INFO);
    }
}
