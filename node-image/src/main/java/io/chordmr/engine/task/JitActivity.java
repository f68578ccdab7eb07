package io.chordmr.engine.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time this JVM's JIT compiler threads have used, read from {@code /proc/self/task}: the
 * compiler's own count ({@code CompilationMXBean}) grows only when a compilation ends, so it
 * shows a long C2 compilation as no activity at all. Where there is no {@code /proc} (not Linux),
 * {@link #available()} is false.
 */
public final class JitActivity {

    private static final Path TASKS = Path.of("/proc/self/task");
    /** Linux's USER_HZ: the unit of a thread's times in {@code stat}, 100 on every architecture Java runs on. */
    private static final long NANOS_PER_TICK = 10_000_000;

    private JitActivity() {
    }

    public static boolean available() {
        return Files.isDirectory(TASKS);
    }

    /** User and system CPU of the threads named "C1 CompilerThread…" and "C2 CompilerThread…", in nanoseconds; 0 without /proc. */
    public static long compilerCpuNanos() {
        long ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(TASKS)) {
            for (Path t : threads) {
                ticks += compilerTicks(t);
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * NANOS_PER_TICK;
    }

    private static long compilerTicks(Path thread) {
        try {
            String comm = Files.readString(thread.resolve("comm"), StandardCharsets.US_ASCII);
            if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
                return 0;
            }
            return ticks(Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return 0; // the thread ended meanwhile
        }
    }

    /** utime + stime of a {@code stat} line: fields 14 and 15, counted after the parenthesized name (which may hold spaces). */
    static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
