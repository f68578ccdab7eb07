package io.chordmr.engine.context;

import java.time.Duration;

/**
 * Engine settings for one node.
 *
 * @param slots            tasks this node runs at once; 0 for a node that only stores and coordinates
 * @param sortBufferBytes  map-side sort buffer per task run in this JVM; more output spills to disk
 * @param statusInterval   how often a worker reports its running attempts
 * @param lostAfter        an attempt not heard of for this long is lost (its node died)
 * @param taskProcesses    how job code runs in task JVMs; null runs it in this JVM ({@code chordmr local} only)
 */
public record EngineConfig(int slots, int sortBufferBytes, Duration statusInterval, Duration lostAfter,
                           TaskProcessSettings taskProcesses) {

    /** Slots = cores, job code in task processes of the default heap. */
    public static EngineConfig defaults() {
        return new EngineConfig(Math.max(1, Runtime.getRuntime().availableProcessors()), 0, Duration.ofMillis(250),
                Duration.ofSeconds(10), TaskProcessSettings.defaults()).sized();
    }

    /**
     * The map-side sort buffer of tasks run in this JVM ({@code chordmr local}): a quarter of the
     * heap's share per slot, between 1 and 64 MiB. Task processes size theirs to their own heap.
     */
    private EngineConfig sized() {
        long share = Runtime.getRuntime().maxMemory() / (4L * Math.max(1, slots));
        int sort = (int) Math.max(1 << 20, Math.min(64L << 20, share));
        return new EngineConfig(slots, sort, statusInterval, lostAfter, taskProcesses);
    }

    public EngineConfig withSlots(int n) {
        return new EngineConfig(n, sortBufferBytes, statusInterval, lostAfter, taskProcesses).sized();
    }

    public EngineConfig withLostAfter(Duration d) {
        return new EngineConfig(slots, sortBufferBytes, statusInterval, d, taskProcesses);
    }

    /** Job code in task processes with these settings, or in this JVM when null. */
    public EngineConfig withTaskProcesses(TaskProcessSettings t) {
        return new EngineConfig(slots, sortBufferBytes, statusInterval, lostAfter, t).sized();
    }
}
