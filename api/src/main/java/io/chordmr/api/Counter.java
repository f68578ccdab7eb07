package io.chordmr.api;

/** A named count a task adds to; the job's status shows the sum over all successful attempts. */
public interface Counter {

    void increment(long by);

    default void increment() {
        increment(1);
    }

    long value();
}
