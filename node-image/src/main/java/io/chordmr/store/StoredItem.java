package io.chordmr.store;

/**
 * One versioned value under a key. A tombstone records a delete, so that a replica which missed
 * the delete cannot bring the value back; the highest version wins everywhere.
 */
public record StoredItem(String key, long version, boolean tombstone, byte[] data) {

    public static StoredItem tombstone(String key, long version) {
        return new StoredItem(key, version, true, new byte[0]);
    }
}
