package io.chordmr.examples;

import io.chordmr.api.Emitter;
import io.chordmr.api.Reducer;

/** Emits every (key, value) as it comes: output sorted by key within each partition. */
public class IdentityReducer<K, V> implements Reducer<K, V, K, V> {

    @Override
    public void reduce(K key, Iterable<V> values, Emitter<K, V> out) {
        for (V v : values) {
            out.emit(key, v);
        }
    }

    /** Grep's reducer: offsets and lines. */
    public static class LongString extends IdentityReducer<Long, String> {
    }

    /** Sort's reducer: keys and the rest of their lines. */
    public static class StringString extends IdentityReducer<String, String> {
    }
}
