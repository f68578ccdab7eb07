package io.chordmr.examples;

import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;

/** Word count over Strings: (offset, line) → (word, 1) for every whitespace-separated word, case and punctuation kept; {@link WordCountMapper} does the same without a String per line or word. */
public class StringWordCountMapper implements Mapper<Long, String, String, Long> {

    private static final Long ONE = 1L;

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
        Words.forEach(line, w -> out.emit(w, ONE));
    }
}
