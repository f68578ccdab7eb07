package io.chordmr.store;

import java.util.concurrent.atomic.AtomicLong;

/** Versions for writes: microseconds since the epoch, strictly increasing on this node. */
public final class VersionClock {

    private final AtomicLong last = new AtomicLong();

    public long next() {
        long now = System.currentTimeMillis() * 1000;
        return last.updateAndGet(prev -> Math.max(prev + 1, now));
    }

    /** The wall-clock millisecond a version was issued at. */
    public static long millisOf(long version) {
        return version / 1000;
    }
}
