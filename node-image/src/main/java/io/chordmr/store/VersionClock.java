package io.chordmr.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versions for writes: a hybrid logical clock (Kulkarni et al., 2014) in one long, the wall-clock
 * millisecond in the high 48 bits and a counter in the low 16. Each version is above every version
 * this node has issued or seen ({@link #observe}), whatever its own clock says, so a node whose
 * clock runs behind still orders its writes after the ones it has heard of; the millisecond part
 * stays close to real time, which tombstone expiry needs.
 *
 * <p>Versions written before this clock were plain microseconds since the epoch; they are all below
 * {@link #FLOOR} (microseconds reach it in the year 4253), and every clock version is above them.
 */
public final class VersionClock {

    private static final Logger log = LoggerFactory.getLogger(VersionClock.class);
    /** The smallest clock version: 2^56, the millisecond 1,099,511,627,776 (the year 2004). */
    static final long FLOOR = 1L << 56;
    private static final int LOGICAL_BITS = 16;
    private static final long SKEW_WARNING_MS = 60_000;

    private final AtomicLong last = new AtomicLong();
    private final LongSupplier wallMillis;
    private volatile long lastSkewWarning;

    public VersionClock() {
        this(System::currentTimeMillis);
    }

    /** A clock on another time source: a test's clock set behind, say. */
    public VersionClock(LongSupplier wallMillis) {
        this.wallMillis = wallMillis;
    }

    public long next() {
        long now = wallMillis.getAsLong() << LOGICAL_BITS;
        return last.updateAndGet(prev -> Math.max(prev + 1, now));
    }

    /** Takes in a version another node issued, so that the next one here is above it. */
    public void observe(long version) {
        long prev = last.getAndAccumulate(version, Math::max);
        if (version > prev && version >= FLOOR) {
            long ahead = millisOf(version) - wallMillis.getAsLong();
            long now = System.nanoTime();
            if (ahead > SKEW_WARNING_MS && now - lastSkewWarning > 60_000_000_000L) {
                lastSkewWarning = now;
                log.warn("store: a version {} ms ahead of this node's clock arrived; versions here follow it (check the clocks)", ahead);
            }
        }
    }

    /** The wall-clock millisecond a version was issued at (for one from a clock ahead, that clock's). */
    public static long millisOf(long version) {
        return version >= FLOOR ? version >>> LOGICAL_BITS : version / 1000;
    }
}
