package io.chordmr.engine.context;

import java.util.List;

/**
 * The JIT settings of every ChordMR JVM: nodes (the {@code chordmr} launcher, the image's entry
 * point) and task processes ({@link TaskProcessSettings}). A test keeps the launcher and the images
 * in step with this list.
 */
public final class JitOptions {

    /**
     * C2 compiles a method after ten times the default number of calls and loop iterations; C1's
     * thresholds are unchanged. Profiled on the word-count benchmark (2 cores, 256 MiB), a node's
     * JVM spent 2.6, 2.5 and 1.1 s of CPU in C2 during the first three jobs on a fresh ring,
     * compiling and recompiling its control path (Netty, Jackson), which runs warm but never hot,
     * and a task JVM spent 1 to 2 s compiling the JDK's bytecode generator (used to load Jackson's
     * annotations) once. With these, over three alternated pairs: the first job 4.74 s against
     * 5.75 s, warm jobs 3.74 s against 4.39 s. A hot loop reaches the new thresholds within
     * milliseconds, so the map path still gets C2's code.
     */
    public static final List<String> C2_THRESHOLDS = List.of("-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
            "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000");

    private JitOptions() {
    }
}
