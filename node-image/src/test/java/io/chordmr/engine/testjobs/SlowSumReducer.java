package io.chordmr.engine.testjobs;

import io.chordmr.api.Emitter;
import io.chordmr.api.TaskContext;
import io.chordmr.examples.SumReducer;

/** Sum that pauses {@code config.reduceSleepMs} every 1000 keys, so a test can kill nodes in the reduce phase. */
public class SlowSumReducer extends SumReducer {

    private long sleepMs;
    private long keys;

    @Override
    public void setup(TaskContext context) {
        sleepMs = Long.parseLong(context.config("reduceSleepMs", "0"));
    }

    @Override
    public void reduce(String key, Iterable<Long> values, Emitter<String, Long> out) {
        if (sleepMs > 0 && ++keys % 1000 == 0) {
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        super.reduce(key, values, out);
    }
}
