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

    public static EngineConfig defaults() {
        return new EngineConfig(Math.max(1, Runtime.getRuntime().availableProcessors()), 32 << 20, 64L << 20, 4 << 20,
                Duration.ofMillis(250), Duration.ofSeconds(10));
    }

    public EngineConfig withSlots(int n) {
        return new EngineConfig(n, sortBufferBytes, shuffleMemoryBytes, outputChunkBytes, statusInterval, lostAfter);
    }

    public EngineConfig withSortBufferBytes(int n) {
        return new EngineConfig(slots, n, shuffleMemoryBytes, outputChunkBytes, statusInterval, lostAfter);
    }

    public EngineConfig withShuffleMemoryBytes(long n) {
        return new EngineConfig(slots, sortBufferBytes, n, outputChunkBytes, statusInterval, lostAfter);
    }
}
