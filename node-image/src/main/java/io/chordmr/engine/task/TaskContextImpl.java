package io.chordmr.engine.task;

import io.chordmr.api.Counter;
import io.chordmr.api.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The {@link TaskContext} a task's user code sees. */
public record TaskContextImpl(String jobId, String taskId, int attempt, int partitions, Map<String, String> config,
                              Counters counters, String inputName, Path filesDir) implements TaskContext {

    @Override
    public Path file(String name) {
        Path f = filesDir == null || name == null || name.contains("/") ? null : filesDir.resolve(name);
        if (f == null || !Files.isRegularFile(f)) {
            throw new IllegalArgumentException("no file named '" + name + "' was shipped with job " + jobId + " (spec.files)");
        }
        return f;
    }

    @Override
    public String config(String name) {
        return config == null ? null : config.get(name);
    }

    @Override
    public Counter counter(String group, String name) {
        return counters.user(group, name);
    }
}
