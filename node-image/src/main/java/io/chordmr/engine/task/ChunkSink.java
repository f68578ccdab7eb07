package io.chordmr.engine.task;

/** Stores one output chunk of a reduce (on the ring, through the node) and returns its key. */
@FunctionalInterface
public interface ChunkSink {
    String store(int index, byte[] chunk);
}
