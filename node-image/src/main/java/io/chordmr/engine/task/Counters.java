package io.chordmr.engine.task;

import io.chordmr.api.Counter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A task attempt's counters: the built-in ones and the user's {@code group.name} ones. */
public final class Counters {

    public static final String MAP_INPUT_RECORDS = "mapInputRecords";
    public static final String MAP_INPUT_BYTES = "mapInputBytes";
    public static final String MAP_OUTPUT_RECORDS = "mapOutputRecords";
    public static final String COMBINE_INPUT_RECORDS = "combineInputRecords";
    public static final String COMBINE_OUTPUT_RECORDS = "combineOutputRecords";
    public static final String SPILLED_RECORDS = "spilledRecords";
    public static final String SHUFFLED_BYTES = "shuffledBytes";
    public static final String REDUCE_INPUT_GROUPS = "reduceInputGroups";
    public static final String REDUCE_INPUT_RECORDS = "reduceInputRecords";
    public static final String REDUCE_OUTPUT_RECORDS = "reduceOutputRecords";
    public static final String REDUCE_OUTPUT_BYTES = "reduceOutputBytes";
    public static final String SKIPPED_RECORDS = "skippedRecords";

    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();

    public AtomicLong get(String name) {
        return values.computeIfAbsent(name, n -> new AtomicLong());
    }

    public void add(String name, long by) {
        get(name).addAndGet(by);
    }

    public Counter user(String group, String name) {
        AtomicLong v = get(group + "." + name);
        return new Counter() {
            @Override
            public void increment(long by) {
                v.addAndGet(by);
            }

            @Override
            public long value() {
                return v.get();
            }
        };
    }

    /** Takes the values another JVM reported for these counters; counters it did not report keep theirs. */
    public void set(Map<String, Long> reported) {
        if (reported != null) {
            reported.forEach((k, v) -> get(k).set(v));
        }
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Adds every counter of {@code other} into {@code into}. */
    public static void addAll(Map<String, Long> into, Map<String, Long> other) {
        other.forEach((k, v) -> into.merge(k, v, Long::sum));
    }
}
