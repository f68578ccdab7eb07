package io.chordmr.ring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RingIntervalTest {

    private static final long MAX = -1L; // 2^64 - 1 as unsigned

    @Test
    void openClosedIncludesUpperBoundOnly() {
        assertThat(RingInterval.inOpenClosed(5, 1, 5)).isTrue();
        assertThat(RingInterval.inOpenClosed(1, 1, 5)).isFalse();
        assertThat(RingInterval.inOpenClosed(3, 1, 5)).isTrue();
        assertThat(RingInterval.inOpenClosed(6, 1, 5)).isFalse();
    }

    @Test
    void openClosedWrapsAroundZero() {
        assertThat(RingInterval.inOpenClosed(0, MAX - 2, 3)).isTrue();
        assertThat(RingInterval.inOpenClosed(MAX, MAX - 2, 3)).isTrue();
        assertThat(RingInterval.inOpenClosed(3, MAX - 2, 3)).isTrue();
        assertThat(RingInterval.inOpenClosed(4, MAX - 2, 3)).isFalse();
        assertThat(RingInterval.inOpenClosed(MAX - 2, MAX - 2, 3)).isFalse();
    }

    @Test
    void equalBoundsMeanTheWholeCircle() {
        assertThat(RingInterval.inOpenClosed(7, 7, 7)).isTrue();
        assertThat(RingInterval.inOpenClosed(8, 7, 7)).isTrue();
        assertThat(RingInterval.inOpen(8, 7, 7)).isTrue();
        assertThat(RingInterval.inOpen(7, 7, 7)).isFalse();
    }

    @Test
    void openExcludesBothBounds() {
        assertThat(RingInterval.inOpen(1, 1, 5)).isFalse();
        assertThat(RingInterval.inOpen(5, 1, 5)).isFalse();
        assertThat(RingInterval.inOpen(4, 1, 5)).isTrue();
        assertThat(RingInterval.inOpen(0, MAX, 1)).isTrue();
        assertThat(RingInterval.inOpen(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1)).isTrue();
    }

    @Test
    void signedNegativeIdsCompareAsUnsigned() {
        // Long.MIN_VALUE is 2^63 unsigned: between 1 and MAX going clockwise.
        assertThat(RingInterval.inOpen(Long.MIN_VALUE, 1, MAX)).isTrue();
        assertThat(RingInterval.closer(0, 1, Long.MIN_VALUE)).isTrue();
        assertThat(RingInterval.closer(0, Long.MIN_VALUE, 1)).isFalse();
        assertThat(RingInterval.distance(MAX, 1)).isEqualTo(2);
    }
}
