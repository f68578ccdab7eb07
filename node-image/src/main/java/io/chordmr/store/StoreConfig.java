package io.chordmr.store;

import java.time.Duration;

/**
 * Replicated-store settings.
 *
 * @param replication    copies of every key (RF), capped at the ring size
 * @param dataTimeout    time-out of one chunk transfer between nodes
 * @param repairInterval how often anti-entropy compares this node's keys with their replicas
 * @param tombstoneTtl   how long a delete marker is kept before it is dropped
 */
public record StoreConfig(int replication, Duration dataTimeout, Duration repairInterval, Duration tombstoneTtl) {

    public static final StoreConfig DEFAULTS = new StoreConfig(3, Duration.ofSeconds(30), Duration.ofSeconds(5),
            Duration.ofHours(24));

    public StoreConfig {
        if (replication < 1) {
            throw new IllegalArgumentException("replication " + replication + " must be at least 1");
        }
    }

    public StoreConfig withReplication(int rf) {
        return new StoreConfig(rf, dataTimeout, repairInterval, tombstoneTtl);
    }

    public StoreConfig withRepairInterval(Duration d) {
        return new StoreConfig(replication, dataTimeout, d, tombstoneTtl);
    }
}
