package io.chordmr.engine.context;

import com.sun.management.OperatingSystemMXBean;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.MemorySize;
import io.chordmr.engine.jobcode.ProcessGroups;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How a node starts its task JVMs: this JVM's {@code java} and classpath (so the example jobs and
 * the engine's own code are there), a heap per process, and options that make a broken process
 * end rather than linger: it exits on OutOfMemoryError, and writes no perf data file (the pod's
 * root file system is read-only). {@value #EXTRA_OPTIONS} in the node's environment adds options.
 *
 * @param heapBytes    the heap of each task process, unless a job asks for another ({@code spec.taskHeap})
 * @param maxHeapBytes the most a job may ask for; a job asking more is refused at submit
 */
public record TaskProcessSettings(Path java, String classpath, long heapBytes, long maxHeapBytes, List<String> jvmOptions) {

    public static final long DEFAULT_HEAP = 512L << 20;

    /** Environment variables a task process inherits; nothing else of the node's, the token least of all. */
    public static final List<String> ENVIRONMENT = List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "JAVA_HOME");

    public static TaskProcessSettings defaults() {
        return withHeap(DEFAULT_HEAP, Math.max(DEFAULT_HEAP, machineShare(Math.max(1, Runtime.getRuntime().availableProcessors()))));
    }

    public static TaskProcessSettings withHeap(long heapBytes, long maxHeapBytes) {
        List<String> options = new ArrayList<>(DEFAULT_OPTIONS);
        options.addAll(sharedArchive(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        String extra = System.getenv(EXTRA_OPTIONS);
        if (extra != null && !extra.isBlank()) {
            List<String> more = List.of(extra.trim().split("\\s+"));
            if (more.stream().anyMatch(o -> o.matches("-XX:\\+Use\\w+GC"))) {
                options.removeIf(o -> o.matches("-XX:\\+Use\\w+GC")); // a JVM takes one collector
            }
            options.addAll(more); // later flags win, so these override the defaults
        }
        return new TaskProcessSettings(Path.of(System.getProperty("java.home"), "bin", "java"), System.getProperty("java.class.path"),
                heapBytes, Math.max(heapBytes, maxHeapBytes), List.copyOf(options));
    }

    /**
     * The parallel collector with half the heap young: a map makes short-lived strings by the
     * million beside a combiner table that lives for the whole task, and measured on the word-count
     * benchmark this pauses least (Serial 15 s, Parallel 6 s, G1 4 s of pauses, but G1's barriers
     * cost more than they save) and matches the speed jobs had inside the node's JVM. And the
     * JIT settings of every ChordMR JVM ({@link JitOptions}).
     */
    public static final List<String> DEFAULT_OPTIONS = Stream.concat(Stream.of("-XX:+UseParallelGC", "-XX:NewRatio=1",
            "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Xss1m"), JitOptions.C2_THRESHOLDS.stream()).toList();

    /**
     * The options that give a task JVM this JVM's class-data archive, if it was started with one
     * (the launcher and the image do): a task JVM has the same classpath, so the archive fits it,
     * and it starts in about two thirds of the time. The JVM ignores an archive that does not fit,
     * and its CDS logging is off so that such a warning cannot reach the task's output.
     */
    static List<String> sharedArchive(List<String> nodeJvmArguments) {
        String archive = null;
        for (String a : nodeJvmArguments) {
            if (a.startsWith(SHARED_ARCHIVE)) {
                archive = a; // the last one wins, as in the JVM
            }
        }
        return archive == null || archive.length() == SHARED_ARCHIVE.length() ? List.of() : List.of(archive, "-Xlog:cds*=off");
    }

    private static final String SHARED_ARCHIVE = "-XX:SharedArchiveFile=";

    /** More JVM options for task processes, like Hadoop's mapreduce.map.java.opts; the heap stays --task-heap's. */
    public static final String EXTRA_OPTIONS = "CHORDMR_TASK_JAVA_OPTS";

    /**
     * What one of {@code slots} + 1 task processes (the spare included) can have of this machine's
     * (or container's) memory once the node's own heap is taken, less a JVM's overhead.
     */
    public static long machineShare(int slots) {
        long total = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return Math.max(0, (total - Runtime.getRuntime().maxMemory()) / (slots + 1) - JVM_OVERHEAD);
    }

    /** Metaspace, code cache, thread stacks and GC structures of a task JVM, over its heap. */
    public static final long JVM_OVERHEAD = 96L << 20;

    /** The job's own heap when it asks for one (the submitting node refused more than {@code maxHeapBytes}), else the node's. */
    public long heapFor(JobSpec spec) {
        return spec.getTaskHeap() == null ? heapBytes : MemorySize.parse("spec.taskHeap", spec.getTaskHeap());
    }

    /** The command line of one task process, leading a process group of its own so that it dies with its children. */
    public List<String> command(long heap, Path socket) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Xmx" + (heap >> 20) + "m"); // after the options: the heap is always the one the node accounts for
        cmd.addAll(List.of("-cp", classpath, "io.chordmr.engine.task.child.TaskProcessMain", socket.toString()));
        return ProcessGroups.leading(cmd);
    }
}
