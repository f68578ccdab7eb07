package io.chordmr.client;

import java.util.List;

/** The ring refused a job (400): each problem names its field. Submitting the same spec again cannot help. */
public final class JobRejectedException extends NodeApiException {

    private final List<String> problems;

    public JobRejectedException(String message, List<String> problems) {
        super(400, message, null);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
