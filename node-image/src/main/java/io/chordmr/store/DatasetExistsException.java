package io.chordmr.store;

/** A dataset of that name exists and the write did not ask to overwrite it. */
public class DatasetExistsException extends RuntimeException {

    public DatasetExistsException(String name) {
        super("dataset '" + name + "' already exists; delete it first or ask to overwrite it");
    }
}
