package io.chordmr.operator.testjobs;

import io.chordmr.api.Emitter;
import io.chordmr.api.Mapper;

/** A poison job: its mapper ends the JVM it runs in on the first record. */
public class ExitingMapper implements Mapper<Long, String, String, Long> {

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
        System.exit(3);
    }
}
