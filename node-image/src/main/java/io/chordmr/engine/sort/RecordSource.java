package io.chordmr.engine.sort;

import java.io.IOException;

/** A stream of records, sorted by key where the caller needs it. */
@FunctionalInterface
public interface RecordSource {

    /** The next record, or null at the end. */
    Rec next() throws IOException;
}
