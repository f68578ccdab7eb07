package io.chordmr.store;

import java.util.List;

/**
 * A dataset's description, stored under its own key and written after all its chunks, so a
 * dataset is visible only once it is complete.
 *
 * @param chunkOffsets byte offset in the dataset at which each chunk starts
 * @param chunkRecords lines in each chunk
 * @param chunkKeys    where each chunk is stored, when not under {@code <name>/<index>} (a job's output
 *                     names the chunks its committed reduce attempts wrote)
 */
public record DatasetMeta(String name, int chunks, long bytes, long records, long createdMillis,
                          List<Long> chunkOffsets, List<Long> chunkRecords, List<String> chunkKeys) {

    /** The store key of chunk {@code index}. */
    public String chunkKey(int index) {
        return chunkKeys != null ? chunkKeys.get(index) : DatasetName.chunkKey(name, index);
    }
}
