package io.chordmr.store;

import io.chordmr.manifest.DatasetNames;

/** Dataset names as {@link DatasetNames} defines them, and the keys a dataset's parts are stored under. */
public final class DatasetName {

    private DatasetName() {
    }

    /** Returns the name, or throws an {@link InvalidDatasetNameException} saying what is wrong with it. */
    public static String validate(String name) {
        String problem = DatasetNames.problem(name);
        if (problem != null) {
            throw new InvalidDatasetNameException(problem);
        }
        return name;
    }

    static String metaKey(String name) {
        return name + "/meta";
    }

    static String chunkKey(String name, int index) {
        return name + "/" + index;
    }
}
