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
 * @param durable        whether each write reaches the disk before it is acknowledged (fsync); only a
 *                       ring whose files go with its process, as {@code chordmr local}'s, turns it off
 */
public record StoreConfig(int replication, Duration dataTimeout, Duration repairInterval, Duration tombstoneTtl, Clock clock,
                          boolean durable) {

    public static final StoreConfig DEFAULTS = new StoreConfig(3, Duration.ofSeconds(30), Duration.ofSeconds(5),
            Duration.ofHours(24), Clock.systemUTC(), true);

    public StoreConfig {
        if (replication < 1) {
            throw new IllegalArgumentException("replication " + replication + " must be at least 1");
        }
    }

    public StoreConfig withReplication(int rf) {
        return new StoreConfig(rf, dataTimeout, repairInterval, tombstoneTtl, clock, durable);
    }

    public StoreConfig withRepairInterval(Duration d) {
        return new StoreConfig(replication, dataTimeout, d, tombstoneTtl, clock, durable);
    }

    public StoreConfig withTombstoneTtl(Duration ttl) {
        return new StoreConfig(replication, dataTimeout, repairInterval, ttl, clock, durable);
    }

    public StoreConfig withClock(Clock c) {
        return new StoreConfig(replication, dataTimeout, repairInterval, tombstoneTtl, c, durable);
    }

    /** Writes not forced to disk: for a ring whose data directory is deleted when its process ends. */
    public StoreConfig ephemeral() {
        return new StoreConfig(replication, dataTimeout, repairInterval, tombstoneTtl, clock, false);
    }
}
