package io.chordmr.engine.io;

/** One serialized intermediate pair. */
public record Rec(byte[] key, byte[] value) {
}
