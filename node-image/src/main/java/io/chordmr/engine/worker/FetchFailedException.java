package io.chordmr.engine.worker;

import java.io.IOException;

/** A reduce could not fetch a map output: the map's node is probably gone, not the reduce's fault. */
final class FetchFailedException extends IOException {

    private final String mapTask;

    FetchFailedException(String mapTask, String message, Throwable cause) {
        super(message, cause);
        this.mapTask = mapTask;
    }

    String mapTask() {
        return mapTask;
    }
}
