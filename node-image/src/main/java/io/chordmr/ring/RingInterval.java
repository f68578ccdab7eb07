package io.chordmr.ring;

/**
 * Interval arithmetic on the 2^64 identifier circle, clockwise with wrap-around. Every ring
 * comparison goes through here.
 */
public final class RingInterval {

    private RingInterval() {
    }

    /** Clockwise distance from {@code from} to {@code to}, as an unsigned number. */
    public static long distance(long from, long to) {
        return to - from;
    }

    /** x in (a, b]. When a == b the interval is the whole circle. */
    public static boolean inOpenClosed(long x, long a, long b) {
        if (a == b) {
            return true;
        }
        long dx = distance(a, x);
        return dx != 0 && Long.compareUnsigned(dx, distance(a, b)) <= 0;
    }

    /** x in (a, b). When a == b the interval is the whole circle but a. */
    public static boolean inOpen(long x, long a, long b) {
        long dx = distance(a, x);
        if (a == b) {
            return dx != 0;
        }
        return dx != 0 && Long.compareUnsigned(dx, distance(a, b)) < 0;
    }

    /** Whether {@code x} is strictly closer than {@code y} going clockwise from {@code from}. */
    public static boolean closer(long from, long x, long y) {
        return Long.compareUnsigned(distance(from, x), distance(from, y)) < 0;
    }
}
