package io.chordmr.api;

/**
 * Marks a combiner (or reducer) over {@code Long} values that emits, for each key, that key and the
 * sum of its values, and nothing else, as a word count's does (its setup and cleanup do nothing
 * either). The engine may then keep one running {@code long} per key in a table of its own instead
 * of calling it, with no object per value, as a combiner and, where the output is text, as the
 * reducer; Hadoop's {@code LongSumReducer} is the same contract.
 */
public interface LongSum {
}
