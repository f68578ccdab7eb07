package io.chordmr.engine.sort;

import java.io.IOException;
import java.util.Iterator;

/** Folds the values of one key into records; the engine's view of a user combiner. */
@FunctionalInterface
public interface RecordCombiner {

    void combine(byte[] key, Iterator<byte[]> values, RecordSink out) throws IOException;

    /** Called after the last key of a partition: a combiner that buffers writes its output here, sorted. */
    default void flush(RecordSink out) throws IOException {
    }

    /** Where combined records go. */
    @FunctionalInterface
    interface RecordSink {
        void accept(byte[] key, byte[] value) throws IOException;
    }
}
