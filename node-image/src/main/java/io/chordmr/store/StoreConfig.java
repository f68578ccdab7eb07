package io.chordmr.store;

import java.time.Clock;
import java.time.Duration;

/**
 * Replicated-store settings.
 *
 * @param replication    copies of every key (RF), capped at the ring size
 * @param dataTimeout    time-out of one chunk transfer between nodes
 * @param repairInterval how often anti-entropy compares this node's keys with their replicas
 * @param tombstoneTtl   how long a delete marker is kept before it is dropped
 * @param clock          the wall clock versions and tombstone expiry start from (the system's; a test's set behind)
 */
public record StoreConfig(int replication, Duration dataTimeout, Duration repairInterval, Duration tombstoneTtl, Clock clock) {

    public static final StoreConfig DEFAULTS = new StoreConfig(3, Duration.ofSeconds(30), Duration.ofSeconds(5),
            Duration.ofHours(24), Clock.systemUTC());

    public StoreConfig {
        if (replication < 1) {
            throw new IllegalArgumentException("replication " + replication + " must be at least 1");
        }
    }

    public StoreConfig withReplication(int rf) {
        return new StoreConfig(rf, dataTimeout, repairInterval, tombstoneTtl, clock);
    }

    public StoreConfig withRepairInterval(Duration d) {
        return new StoreConfig(replication, dataTimeout, d, tombstoneTtl, clock);
    }

    public StoreConfig withTombstoneTtl(Duration ttl) {
        return new StoreConfig(replication, dataTimeout, repairInterval, ttl, clock);
    }

    public StoreConfig withClock(Clock c) {
        return new StoreConfig(replication, dataTimeout, repairInterval, tombstoneTtl, c);
    }
}
