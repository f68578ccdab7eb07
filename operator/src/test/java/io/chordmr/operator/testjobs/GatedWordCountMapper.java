package io.chordmr.operator.testjobs;

import io.chordmr.api.Emitter;
import io.chordmr.api.TaskContext;
import io.chordmr.examples.StringWordCountMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

/**
 * Word count whose maps, while the gate is held, stop at the {@value #HOLD_AT}th line of their
 * split: a test holds a job mid-run (every running map part done, reporting progress), acts
 * (scales, kills, restarts, deletes) and then opens the gate. A re-run attempt stops at the same
 * line, so work lost and re-done while held changes nothing. The maps run in task processes, so
 * the gate is a file (its path in the job's config {@code gate}): held while it exists.
 */
public class GatedWordCountMapper extends StringWordCountMapper {

    public static final int HOLD_AT = 10;
    public static final Path GATE = Path.of(System.getProperty("java.io.tmpdir"), "chordmr-gate-" + ProcessHandle.current().pid());

    private int lines;
    private Path gate;

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

    @Override
    public void setup(TaskContext context) {
        String g = context.config("gate");
        gate = g == null ? null : Path.of(g);
    }

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
        if (++lines == HOLD_AT && gate != null) {
            while (Files.exists(gate)) {
                try {
                    Thread.sleep(20); // job code polling its gate file, not a test waiting
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("killed while held at the gate");
                }
            }
        }
        super.map(offset, line, out);
    }
}
