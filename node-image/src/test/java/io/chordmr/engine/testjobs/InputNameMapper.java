package io.chordmr.engine.testjobs;

import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;
import io.chordmr.api.TaskContext;

/** Emits (the task's input name, 1) for every line. */
public class InputNameMapper implements Mapper<Long, String, String, Long> {

    private String name;

    @Override
    public void setup(TaskContext context) {
        name = context.inputName();
    }

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
        out.emit(name, 1L);
    }
}
