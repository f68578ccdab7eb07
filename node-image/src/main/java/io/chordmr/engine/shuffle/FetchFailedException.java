package io.chordmr.engine.shuffle;

import java.io.IOException;

/** A reduce could not fetch a map output: the map's node is probably gone, not the reduce's fault. */
public final class FetchFailedException extends IOException {

    private final String mapTask;

    FetchFailedException(String mapTask, String message, Throwable cause) {
        super(message, cause);
        this.mapTask = mapTask;
    }

    public String mapTask() {
        return mapTask;
    }
}
