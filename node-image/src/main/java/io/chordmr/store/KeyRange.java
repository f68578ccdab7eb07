package io.chordmr.store;

import java.util.ArrayList;
import java.util.List;

/** Ring positions {@code first} to {@code last}, inclusive and unsigned, {@code first} at or below {@code last}. */
public record KeyRange(long first, long last) {

    public static final KeyRange WHOLE = new KeyRange(0, -1L);

    public KeyRange {
        if (Long.compareUnsigned(first, last) > 0) {
            throw new IllegalArgumentException("range " + Long.toUnsignedString(first) + ".." + Long.toUnsignedString(last) + " is reversed");
        }
    }

    /** Positions in the range less one (so the whole ring fits in a long). */
    long widthLessOne() {
        return last - first;
    }

    /** The range cut into {@code parts} stretches of equal width (the last takes the remainder); fewer if it is narrower. */
    List<KeyRange> split(int parts) {
        long step = Long.divideUnsigned(widthLessOne(), parts) + (Long.remainderUnsigned(widthLessOne(), parts) == parts - 1 ? 1 : 0);
        List<KeyRange> out = new ArrayList<>(parts);
        if (step == 0) {
            out.add(this);
            return out;
        }
        long from = first;
        for (int i = 0; i < parts - 1; i++) {
            out.add(new KeyRange(from, from + step - 1));
            from += step;
        }
        out.add(new KeyRange(from, last));
        return out;
    }
}
