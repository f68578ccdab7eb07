package io.chordmr.operator.testjobs;

import io.chordmr.engine.testjobs.GatedMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node tests' {@link GatedMapper} with one gate for this test JVM: a test holds a job mid-run
 * (every running map part done, reporting progress), acts (scales, kills, restarts, deletes) and
 * then opens the gate. A re-run attempt stops at the same line, so work lost and re-done while
 * held changes nothing. Jobs name the gate's path in their config {@code gate}.
 */
public class GatedWordCountMapper extends GatedMapper {

    public static final Path GATE = Path.of(System.getProperty("java.io.tmpdir"), "chordmr-gate-" + ProcessHandle.current().pid());

    public static void hold() {
        try {
            Files.writeString(GATE, "held");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets every map go on, also maps still blocked on nodes an earlier test killed. */
    public static void open() {
        try {
            Files.deleteIfExists(GATE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
