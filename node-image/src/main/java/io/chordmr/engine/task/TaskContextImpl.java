package io.chordmr.engine.task;

import io.chordmr.api.Counter;
import io.chordmr.api.TaskContext;
import java.util.Map;

/** The {@link TaskContext} a task's user code sees. */
public record TaskContextImpl(String jobId, String taskId, int attempt, int partitions, Map<String, String> config,
                              Counters counters, String inputName) implements TaskContext {

    @Override
    public String config(String name) {
        return config == null ? null : config.get(name);
    }

    @Override
    public Counter counter(String group, String name) {
        return counters.user(group, name);
    }
}
