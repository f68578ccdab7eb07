package io.chordmr.engine.sort;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/** Random records and the independent order they must come out in, for the sort tests. */
final class Records {

    /** Unsigned bytes, a shorter key first on a common prefix: {@link Arrays#compareUnsigned}. */
    static final Comparator<Rec> BY_KEY_THEN_VALUE = (a, b) -> {
        int c = Arrays.compareUnsigned(a.key(), b.key());
        return c != 0 ? c : Arrays.compareUnsigned(a.value(), b.value());
    };

    private Records() {
    }

    /**
     * Keys from a small alphabet (so many repeat), of lengths 0 to 20 (so the 8-byte prefix
     * often ties), including bytes above 0x7f (so signed comparison would be wrong).
     */
    static List<Rec> random(Random random, int n) {
        byte[] alphabet = {0, 1, 'a', 'b', (byte) 0x7f, (byte) 0x80, (byte) 0xff};
        List<Rec> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] k = new byte[random.nextInt(21)];
            for (int j = 0; j < k.length; j++) {
                k[j] = j < 6 ? (byte) 'p' : alphabet[random.nextInt(alphabet.length)];
            }
            out.add(new Rec(k, ("v" + i).getBytes()));
        }
        return out;
    }

    static List<Rec> drain(RecordSource source) throws IOException {
        List<Rec> out = new ArrayList<>();
        for (Rec r = source.next(); r != null; r = source.next()) {
            out.add(r);
        }
        return out;
    }

    static RecordSource of(List<Rec> records) {
        Iterator<Rec> it = records.iterator();
        return () -> it.hasNext() ? it.next() : null;
    }

    static List<String> keys(List<Rec> records) {
        return records.stream().map(r -> Arrays.toString(r.key())).toList();
    }

    /** Sorted by key, values in any order within a key: compare keys in order, and the sorted records as a whole. */
    static void assertSameSorted(List<Rec> actual, List<Rec> expectedUnsorted) {
        List<Rec> expected = new ArrayList<>(expectedUnsorted);
        expected.sort(BY_KEY_THEN_VALUE);
        org.assertj.core.api.Assertions.assertThat(keys(actual)).containsExactlyElementsOf(keys(expected));
        List<Rec> sortedActual = new ArrayList<>(actual);
        sortedActual.sort(BY_KEY_THEN_VALUE);
        org.assertj.core.api.Assertions.assertThat(sortedActual.stream().map(r -> Arrays.toString(r.key()) + "=" + new String(r.value())))
                .containsExactlyElementsOf(expected.stream().map(r -> Arrays.toString(r.key()) + "=" + new String(r.value())).toList());
    }
}
