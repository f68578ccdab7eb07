package io.chordmr.engine.sort;

/** One serialized intermediate pair. */
public record Rec(byte[] key, byte[] value) {
}
