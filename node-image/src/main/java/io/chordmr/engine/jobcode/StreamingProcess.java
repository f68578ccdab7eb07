package io.chordmr.engine.jobcode;

import java.nio.file.Path;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A streaming step's process ({@code sh -c command}), Hadoop Streaming style: {@code
 * key<TAB>value} lines in on stdin, out on stdout, read by a thread of its own so neither side
 * can block the other. Output lines are bounded in length; stderr goes to the node's log file
 * through a drain thread.
 */
final class StreamingProcess {

    static final int MAX_LINE = 1 << 20;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StreamingProcess.class);

    private final String command;
    private final Process process;
    private final BufferedWriter stdin;
    private final Thread reader;
    private final Thread drain;
    private volatile Throwable failure;
    /** The last lines of its stderr, for the attempt's error. */
    private final java.util.Deque<String> errors = new java.util.ArrayDeque<>();

    StreamingProcess(String command, Path workDir, BiConsumer<String, String> out) throws IOException {
        this.command = command;
        ProcessBuilder b = new ProcessBuilder(ProcessGroups.leading(java.util.List.of("sh", "-c", command)));
        if (workDir != null) {
            b.directory(workDir.toFile());
        }
        this.process = b.start();
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        this.reader = new Thread(() -> read(out), "streaming-out");
        this.drain = new Thread(this::drainStderr, "streaming-err");
        reader.setDaemon(true);
        drain.setDaemon(true);
        reader.start();
        drain.start();
    }

    private void read(BiConsumer<String, String> out) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.length() > MAX_LINE) {
                    throw new IOException("streaming command '" + command + "' wrote a line of " + line.length()
                            + " characters; the limit is " + MAX_LINE);
                }
                int tab = line.indexOf('\t');
                out.accept(tab < 0 ? line : line.substring(0, tab), tab < 0 ? "" : line.substring(tab + 1));
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
            process.destroyForcibly();
        }
    }

    private void drainStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                log.info("task: streaming stderr of '{}': {}", command, line);
                synchronized (errors) {
                    errors.addLast(line.length() > 300 ? line.substring(0, 300) + "..." : line);
                    while (errors.size() > 5) {
                        errors.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone; nothing more to read
        }
    }

    void write(String key, String value) throws IOException {
        checkFailure();
        stdin.write(key);
        if (value != null) {
            stdin.write('\t');
            stdin.write(value);
        }
        stdin.write('\n');
    }

    /** Closes stdin, waits for the process and its output; fails on a non-zero exit. */
    void finish() throws IOException, InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // a process that exited early: its exit code says why
        }
        reader.join();
        int code = process.waitFor();
        ProcessGroups.kill(process); // whatever it forked and left running goes with it
        drain.join(TimeUnit.SECONDS.toMillis(5));
        checkFailure();
        if (code != 0) {
            throw new IOException("streaming command '" + command + "' exited with code " + code + lastErrors());
        }
    }

    void kill() {
        ProcessGroups.kill(process);
    }

    private String lastErrors() {
        synchronized (errors) {
            return errors.isEmpty() ? "" : "; its stderr ends: " + String.join(" | ", errors);
        }
    }

    private void checkFailure() throws IOException {
        Throwable f = failure;
        if (f != null) {
            throw new IOException("streaming command '" + command + "' failed: " + f.getMessage(), f);
        }
    }
}
