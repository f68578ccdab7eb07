package io.chordmr.engine.testjobs;

import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;
import io.chordmr.api.TaskContext;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;

/** A word count that leaves out the words listed in the job's shipped files {@code stop.txt} and {@code more.txt}. */
public class StopWordMapper implements Mapper<Long, String, String, Long> {

    private final Set<String> stop = new HashSet<>();

    @Override
    public void setup(TaskContext context) throws Exception {
        stop.addAll(Files.readAllLines(context.file("stop.txt")));
        stop.addAll(Files.readAllLines(context.file("more.txt")));
    }

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
        for (String w : line.split("\\s+")) {
            if (!w.isEmpty() && !stop.contains(w)) {
                out.emit(w, 1L);
            }
        }
    }
}
