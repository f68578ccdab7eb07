package io.chordmr.ring;

import java.time.Duration;

/**
 * Ring protocol settings. The defaults let a five-node ring on loopback converge in about a
 * second while keeping maintenance traffic small.
 *
 * @param successorListLength r, the least successor-list length: the ring survives fewer than r consecutive failures
 * @param stabilizeInterval   how often a node checks its successor
 * @param fixFingerInterval   how often a node refreshes one finger
 * @param checkPredecessorInterval how often a node pings its predecessor
 * @param requestTimeout      a ring request not answered within this is a failure
 * @param tokens              positions this node holds on the ring for keys (virtual nodes)
 * @param viewInterval        how often a node renews its view of the members, which places keys
 * @param maxSuccessorListLength the most the list grows to as the ring grows (2·⌈log2 N⌉ within
 *                            {@code [successorListLength, maxSuccessorListLength]}, N estimated from
 *                            the list itself); equal to {@code successorListLength} for a fixed length
 * @param healInterval        how often a node asks a seed or a member outside its view whether another ring holds it
 */
public record RingConfig(int successorListLength, Duration stabilizeInterval, Duration fixFingerInterval,
                         Duration checkPredecessorInterval, Duration requestTimeout, int tokens, Duration viewInterval,
                         int maxSuccessorListLength, Duration healInterval) {

    /** The longest successor list a ring grows: 2·⌈log2 N⌉ reaches it past four billion nodes. */
    public static final int MAX_SUCCESSORS = 64;

    public static final RingConfig DEFAULTS = new RingConfig(4, Duration.ofMillis(100), Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(500), TokenRing.DEFAULT_TOKENS, Duration.ofSeconds(1), MAX_SUCCESSORS,
            Duration.ofSeconds(1));

    public RingConfig {
        if (successorListLength < 1 || successorListLength > MAX_SUCCESSORS) {
            throw new IllegalArgumentException("successorListLength " + successorListLength + " is outside 1.." + MAX_SUCCESSORS);
        }
        if (maxSuccessorListLength < successorListLength || maxSuccessorListLength > MAX_SUCCESSORS) {
            throw new IllegalArgumentException("maxSuccessorListLength " + maxSuccessorListLength + " is outside " + successorListLength
                    + ".." + MAX_SUCCESSORS);
        }
        if (tokens < 1 || tokens > TokenRing.MAX_TOKENS) {
            throw new IllegalArgumentException("tokens " + tokens + " is outside 1.." + TokenRing.MAX_TOKENS);
        }
    }

    /** A successor list of exactly {@code r}, whatever the ring's size. */
    public RingConfig withSuccessorListLength(int r) {
        return withSuccessorListLength(r, r);
    }

    /** A list of at least {@code least} and at most {@code most} entries, following the ring's size between them. */
    public RingConfig withSuccessorListLength(int least, int most) {
        return new RingConfig(least, stabilizeInterval, fixFingerInterval, checkPredecessorInterval, requestTimeout, tokens, viewInterval,
                most, healInterval);
    }

    public RingConfig withRequestTimeout(Duration t) {
        return new RingConfig(successorListLength, stabilizeInterval, fixFingerInterval, checkPredecessorInterval, t, tokens, viewInterval,
                maxSuccessorListLength, healInterval);
    }

    public RingConfig withTokens(int n) {
        return new RingConfig(successorListLength, stabilizeInterval, fixFingerInterval, checkPredecessorInterval, requestTimeout, n, viewInterval,
                maxSuccessorListLength, healInterval);
    }
}
