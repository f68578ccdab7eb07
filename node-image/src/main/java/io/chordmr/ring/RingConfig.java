package io.chordmr.ring;

import java.time.Duration;

/**
 * Ring protocol settings. The defaults let a five-node ring on loopback converge in about a
 * second while keeping maintenance traffic small.
 *
 * @param successorListLength r: the ring survives fewer than r consecutive failures
 * @param stabilizeInterval   how often a node checks its successor
 * @param fixFingerInterval   how often a node refreshes one finger
 * @param checkPredecessorInterval how often a node pings its predecessor
 * @param requestTimeout      a ring request not answered within this is a failure
 */
public record RingConfig(int successorListLength, Duration stabilizeInterval, Duration fixFingerInterval,
                         Duration checkPredecessorInterval, Duration requestTimeout) {

    public static final RingConfig DEFAULTS = new RingConfig(4, Duration.ofMillis(100), Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(500));

    public RingConfig {
        if (successorListLength < 1) {
            throw new IllegalArgumentException("successorListLength " + successorListLength + " must be at least 1");
        }
    }

    public RingConfig withSuccessorListLength(int r) {
        return new RingConfig(r, stabilizeInterval, fixFingerInterval, checkPredecessorInterval, requestTimeout);
    }

    public RingConfig withRequestTimeout(Duration t) {
        return new RingConfig(successorListLength, stabilizeInterval, fixFingerInterval, checkPredecessorInterval, t);
    }
}
