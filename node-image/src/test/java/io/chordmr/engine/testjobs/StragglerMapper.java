package io.chordmr.engine.testjobs;

import io.chordmr.api.Emitter;
import io.chordmr.api.TaskContext;
import io.chordmr.examples.StringWordCountMapper;

/** Word count whose first attempt of task m-00000 stalls for {@code config.stragglerMs}: a straggler. */
public class StragglerMapper extends StringWordCountMapper {

    private long stallMs;

    @Override
    public void setup(TaskContext context) {
        boolean straggler = context.taskId().equals("m-00000") && context.attempt() == 1;
        stallMs = straggler ? Long.parseLong(context.config("stragglerMs", "0")) : 0;
    }

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
        if (stallMs > 0) {
            try {
                Thread.sleep(stallMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("straggler interrupted", e);
            }
        }
        super.map(offset, line, out);
    }
}
