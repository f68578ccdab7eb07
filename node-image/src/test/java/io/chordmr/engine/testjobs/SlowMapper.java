package io.chordmr.engine.testjobs;

import io.chordmr.api.Emitter;
import io.chordmr.api.TaskContext;
import io.chordmr.examples.StringWordCountMapper;

/** Word count that pauses {@code config.mapSleepMs} every 100 lines, so a test can kill nodes mid-phase. */
public class SlowMapper extends StringWordCountMapper {

    private long sleepMs;
    private long lines;

    @Override
    public void setup(TaskContext context) {
        sleepMs = Long.parseLong(context.config("mapSleepMs", "0"));
    }

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
        if (sleepMs > 0 && ++lines % 100 == 0) {
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        super.map(offset, line, out);
    }
}
