package io.chordmr.engine.testjobs;

import io.chordmr.api.Emitter;
import io.chordmr.examples.StringWordCountMapper;

/** Word count that throws on any line containing POISON. */
public class PoisonMapper extends StringWordCountMapper {

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
        if (line.contains("POISON")) {
            throw new IllegalStateException("cannot digest '" + line + "'");
        }
        super.map(offset, line, out);
    }
}
