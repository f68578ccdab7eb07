package io.chordmr.examples;

import io.chordmr.api.Emitter;
import io.chordmr.api.Reducer;
import java.util.TreeSet;

/** (key, values) → (key, the distinct values sorted and joined by ','). Inverted index and reverse links. */
public class SortedListReducer implements Reducer<String, String, String, String> {

    @Override
    public void reduce(String key, Iterable<String> values, Emitter<String, String> out) {
        TreeSet<String> distinct = new TreeSet<>();
        for (String v : values) {
            distinct.add(v);
        }
        out.emit(key, String.join(",", distinct));
    }
}
