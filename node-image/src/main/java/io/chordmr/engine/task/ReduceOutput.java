package io.chordmr.engine.task;

import java.util.List;

/** What a reduce attempt wrote: its output chunks' keys, in order, and their size. */
public record ReduceOutput(List<String> chunkKeys, long records, long bytes, List<Long> chunkRecords, List<Long> chunkBytes) {
}
