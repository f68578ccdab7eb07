package io.chordmr.engine.manifest;

import java.util.List;

/** A job that cannot run as written; every problem names its field. */
public class InvalidJobException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidJobException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidJobException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
