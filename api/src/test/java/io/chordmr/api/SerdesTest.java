package io.chordmr.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SerdesTest {

    private static <T> void assertOrderPreserved(Serde<T> serde, List<T> values, Comparator<T> natural) {
        List<T> byValue = new ArrayList<>(values);
        byValue.sort(natural);
        List<T> byBytes = new ArrayList<>(values);
        byBytes.sort((a, b) -> Arrays.compareUnsigned(serde.toBytes(a), serde.toBytes(b)));
        assertThat(byBytes).isEqualTo(byValue);
        for (T v : values) {
            byte[] b = serde.toBytes(v);
            assertThat(serde.fromBytes(b, 0, b.length)).isEqualTo(v);
        }
    }

    @Test
    void longsSortNumericallyIncludingNegatives() {
        Random r = new Random(1);
        List<Long> v = new ArrayList<>(List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE));
        for (int i = 0; i < 1000; i++) {
            v.add(r.nextLong());
        }
        assertOrderPreserved(Serdes.LONG, v, Comparator.naturalOrder());
    }

    @Test
    void integersAndDoublesSortNumerically() {
        Random r = new Random(2);
        List<Integer> ints = new ArrayList<>(List.of(Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE));
        List<Double> doubles = new ArrayList<>(List.of(-Double.MAX_VALUE, -1.5, -0.0, 0.0, 1e-300, 2.5, Double.POSITIVE_INFINITY));
        for (int i = 0; i < 1000; i++) {
            ints.add(r.nextInt());
            doubles.add(r.nextGaussian() * 1e6);
        }
        assertOrderPreserved(Serdes.INTEGER, ints, Comparator.naturalOrder());
        assertOrderPreserved(Serdes.DOUBLE, doubles, Double::compare);
    }

    @Test
    void stringsSortByCodePointAndRoundTrip() {
        List<String> v = List.of("", "a", "B", "hello", "héllo", "日本", "zz", "\uD83D\uDE00");
        assertOrderPreserved(Serdes.STRING, v, (a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()));
        assertThat(Serdes.BYTES.parse(Serdes.BYTES.format(new byte[] {1, -2}))).containsExactly(1, -2);
    }

    @Test
    void unknownTypesAreNamed() {
        assertThatThrownBy(() -> Serdes.forClass(java.util.Date.class)).hasMessageContaining("java.util.Date");
    }

    @Test
    void hashPartitionerIsStableAndInRange() {
        HashPartitioner<String> p = new HashPartitioner<>();
        for (String s : List.of("a", "b", "hello", "")) {
            int part = p.partition(s, 7);
            assertThat(part).isBetween(0, 6).isEqualTo((s.hashCode() & Integer.MAX_VALUE) % 7);
        }
    }
}
