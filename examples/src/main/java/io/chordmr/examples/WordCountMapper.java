package io.chordmr.examples;

import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;
import io.chordmr.api.Text;

/**
 * Word count: (offset, line) → (word, 1) for every whitespace-separated word, case and
 * punctuation kept. Lines and words are {@link Text} slices of the input: no String per line or
 * word, one Text emitted again and again (the engine copies what it keeps).
 */
public class WordCountMapper implements Mapper<Long, Text, Text, Long> {

    private static final Long ONE = 1L;
    private final Text word = new Text();

    @Override
    public void map(Long offset, Text line, Emitter<Text, Long> out) {
        Words.forEach(line, word, w -> out.emit(w, ONE));
    }
}
