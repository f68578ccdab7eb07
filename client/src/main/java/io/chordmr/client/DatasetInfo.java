package io.chordmr.client;

/**
 * A dataset on the ring, as {@code GET /datasets} lists it and {@code PUT /datasets/{name}}
 * answers: its size in chunks, bytes and records, and when it was written.
 */
public record DatasetInfo(String name, int chunks, long bytes, long records, long createdMillis) {
}
