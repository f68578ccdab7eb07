package io.chordmr.store;

import java.util.List;

/**
 * A dataset's description, stored under its own key and written after all its chunks, so a
 * dataset is visible only once it is complete.
 *
 * @param chunkOffsets byte offset in the dataset at which each chunk starts
 * @param chunkRecords lines in each chunk
 */
public record DatasetMeta(String name, int chunks, long bytes, long records, long createdMillis,
                          List<Long> chunkOffsets, List<Long> chunkRecords) {
}
