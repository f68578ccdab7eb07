package io.chordmr.examples;

import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;

/** Reverse web-link graph: a line {@code source target1 target2 ...} emits (target, source) per link. */
public class ReverseLinkMapper implements Mapper<Long, String, String, String> {

    @Override
    public void map(Long offset, String line, Emitter<String, String> out) {
        String[] source = new String[1];
        Words.forEach(line, w -> {
            if (source[0] == null) {
                source[0] = w;
            } else {
                out.emit(w, source[0]);
            }
        });
    }
}
