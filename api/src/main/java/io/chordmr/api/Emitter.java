package io.chordmr.api;

/** Where a mapper or reducer writes its pairs. */
@FunctionalInterface
public interface Emitter<K, V> {

    void emit(K key, V value);
}
