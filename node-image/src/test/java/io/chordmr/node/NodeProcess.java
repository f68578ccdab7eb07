package io.chordmr.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code chordmr} command in its own JVM, as a user runs it. */
public final class NodeProcess {

    private NodeProcess() {
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code chordmr ARGS...} with this test's classpath; output goes to {@code log}. */
    public static Process start(Path log, String... args) throws IOException {
        return start(log, List.of("-Xmx256m", "-XX:+UseSerialGC"), args);
    }

    /** The same, with the node JVM's options. */
    public static Process start(Path log, List<String> jvm, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        String warmUp = System.getProperty("chordmr.task.warmUp");
        if (warmUp != null) {
            cmd.add("-Dchordmr.task.warmUp=" + warmUp); // node processes start task processes as the in-JVM rings do
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.chordmr.cli.ChordMr"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Runs a client command to completion and returns its exit code; stdout goes to {@code out}. */
    public static int run(Path out, Path err, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.chordmr.cli.ChordMr"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("chordmr " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return p.exitValue();
    }

}
