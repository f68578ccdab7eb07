package io.chordmr.store;

/** A stored file failed its checksum or format check; the key is readable from other replicas. */
public class StoreCorruptedException extends RuntimeException {

    public StoreCorruptedException(String message) {
        super(message);
    }
}
