package io.chordmr.operator.testjobs;

import io.chordmr.api.Counter;
import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;
import io.chordmr.api.TaskContext;

/**
 * A job that would swamp a status: each map bumps {@value #COUNTERS} distinct user counters, and
 * every input line becomes an output key of a megabyte.
 */
public class ChattyMapper implements Mapper<Long, String, String, Long> {

    public static final int COUNTERS = 10_000;
    public static final int KEY_BYTES = 1 << 20;

    private TaskContext context;

    @Override
    public void setup(TaskContext context) {
        this.context = context;
        for (int i = 0; i < COUNTERS; i++) {
            Counter c = context.counter("chatty", "c" + i);
            c.increment(1);
        }
    }

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
        out.emit("x".repeat(KEY_BYTES) + line, 1L);
        context.counter("chatty", "lines").increment(1);
    }
}
