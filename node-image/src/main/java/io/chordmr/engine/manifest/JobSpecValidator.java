package io.chordmr.engine.manifest;

import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.JobSpecProblems;
import java.util.List;

/** Checks a spec's values; every problem names its field and the wrong value. */
public final class JobSpecValidator {

    private JobSpecValidator() {
    }

    public static void validate(JobSpec s) {
        List<String> p = JobSpecProblems.of(s);
        if (!p.isEmpty()) {
            throw new InvalidJobException(p);
        }
    }
}
