package io.chordmr.engine;

import java.time.Duration;

/**
 * Engine settings for one node.
 *
 * @param slots            tasks this node runs at once
 * @param sortBufferBytes  map-side sort buffer per task; more output spills to disk
 * @param shuffleMemoryBytes reduce-side fetched segments kept in memory per task; the rest go to disk
 * @param outputChunkBytes size of the reduce output chunks written to the ring
 * @param statusInterval   how often a worker reports its running attempts
 * @param lostAfter        an attempt not heard of for this long is lost (its node died)
 */
public record EngineConfig(int slots, int sortBufferBytes, long shuffleMemoryBytes, int outputChunkBytes,
                           Duration statusInterval, Duration lostAfter) {

    /** Slots = cores; buffers sized so that every slot's sort buffer and shuffle together take at most half the heap. */
    public static EngineConfig defaults() {
        int slots = Math.max(1, Runtime.getRuntime().availableProcessors());
        return sized(slots);
    }

    private static EngineConfig sized(int slots) {
        long share = Runtime.getRuntime().maxMemory() / (4L * slots);
        int sort = (int) Math.max(1 << 20, Math.min(64L << 20, share));
        long shuffle = Math.max(1 << 20, Math.min(128L << 20, share));
        return new EngineConfig(slots, sort, shuffle, 4 << 20, Duration.ofMillis(250), Duration.ofSeconds(10));
    }

    /** With {@code n} slots, buffers resized to match. */
    public EngineConfig withSlots(int n) {
        EngineConfig s = sized(n);
        return new EngineConfig(n, s.sortBufferBytes, s.shuffleMemoryBytes, outputChunkBytes, statusInterval, lostAfter);
    }

    public EngineConfig withLostAfter(Duration d) {
        return new EngineConfig(slots, sortBufferBytes, shuffleMemoryBytes, outputChunkBytes, statusInterval, d);
    }

    public EngineConfig withSortBufferBytes(int n) {
        return new EngineConfig(slots, n, shuffleMemoryBytes, outputChunkBytes, statusInterval, lostAfter);
    }

    public EngineConfig withShuffleMemoryBytes(long n) {
        return new EngineConfig(slots, sortBufferBytes, n, outputChunkBytes, statusInterval, lostAfter);
    }
}
