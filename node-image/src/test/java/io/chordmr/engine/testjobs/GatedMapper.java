package io.chordmr.engine.testjobs;

import io.chordmr.api.Emitter;
import io.chordmr.api.TaskContext;
import io.chordmr.examples.StringWordCountMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

/**
 * Word count whose maps stop at their {@value #HOLD_AT}th line while the file named by the job's
 * config {@code gate} exists: a test holds a job mid-map, with progress between 0 and 100, and
 * lets it go by deleting the file (the maps run in task processes, so the gate is a file).
 */
public class GatedMapper extends StringWordCountMapper {

    public static final int HOLD_AT = 10;

    private Path gate;
    private int lines;

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
