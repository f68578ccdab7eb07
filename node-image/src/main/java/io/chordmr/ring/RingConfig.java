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
 * @param tokens              positions this node holds on the ring for keys (virtual nodes)
 * @param viewInterval        how often a node renews its view of the members, which places keys
 */
public record RingConfig(int successorListLength, Duration stabilizeInterval, Duration fixFingerInterval,
                         Duration checkPredecessorInterval, Duration requestTimeout, int tokens, Duration viewInterval) {

    public static final RingConfig DEFAULTS = new RingConfig(4, Duration.ofMillis(100), Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(500), TokenRing.DEFAULT_TOKENS, Duration.ofSeconds(1));

    public RingConfig {
        if (successorListLength < 1) {
            throw new IllegalArgumentException("successorListLength " + successorListLength + " must be at least 1");
        }
        if (tokens < 1 || tokens > TokenRing.MAX_TOKENS) {
            throw new IllegalArgumentException("tokens " + tokens + " is outside 1.." + TokenRing.MAX_TOKENS);
        }
    }

    public RingConfig withSuccessorListLength(int r) {
        return new RingConfig(r, stabilizeInterval, fixFingerInterval, checkPredecessorInterval, requestTimeout, tokens, viewInterval);
    }

    public RingConfig withRequestTimeout(Duration t) {
        return new RingConfig(successorListLength, stabilizeInterval, fixFingerInterval, checkPredecessorInterval, t, tokens, viewInterval);
    }

    public RingConfig withTokens(int n) {
        return new RingConfig(successorListLength, stabilizeInterval, fixFingerInterval, checkPredecessorInterval, requestTimeout, n, viewInterval);
    }
}
