package io.chordmr.examples;

import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;

/** Total-order sort: each line's first word is the key, the rest of the line the value. */
public class SortMapper implements Mapper<Long, String, String, String> {

    @Override
    public void map(Long offset, String line, Emitter<String, String> out) {
        int i = 0;
        while (i < line.length() && Words.isSpace(line.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < line.length() && !Words.isSpace(line.charAt(i))) {
            i++;
        }
        if (i == start) {
            return;
        }
        out.emit(line.substring(start, i), line.substring(Math.min(line.length(), i + 1)));
    }
}
