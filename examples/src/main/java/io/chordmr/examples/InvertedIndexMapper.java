package io.chordmr.examples;

import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;

/**
 * Inverted index: each line is a document {@code docId<TAB>text} (a line without a tab is
 * document {@code @<offset>}); emits (word, docId) once per distinct word of the document.
 */
public class InvertedIndexMapper implements Mapper<Long, String, String, String> {

    @Override
    public void map(Long offset, String line, Emitter<String, String> out) {
        int tab = line.indexOf('\t');
        String doc = tab >= 0 ? line.substring(0, tab) : "@" + offset;
        String text = tab >= 0 ? line.substring(tab + 1) : line;
        java.util.Set<String> seen = new java.util.HashSet<>();
        Words.forEach(text, w -> {
            if (seen.add(w)) {
                out.emit(w, doc);
            }
        });
    }
}
