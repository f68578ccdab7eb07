package io.chordmr.examples;

import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;
import io.chordmr.api.TaskContext;
import java.util.regex.Pattern;

/** Distributed grep: emits (offset, line) for each line matching {@code config.pattern}, a Java regex. */
public class GrepMapper implements Mapper<Long, String, Long, String> {

    private Pattern pattern;

    @Override
    public void setup(TaskContext context) {
        String p = context.config("pattern");
        if (p == null) {
            throw new IllegalArgumentException("grep needs spec.config.pattern, a regular expression");
        }
        pattern = Pattern.compile(p);
    }

    @Override
    public void map(Long offset, String line, Emitter<Long, String> out) {
        if (pattern.matcher(line).find()) {
            out.emit(offset, line);
        }
    }
}
