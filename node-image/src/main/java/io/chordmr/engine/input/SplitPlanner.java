package io.chordmr.engine.input;

import java.util.ArrayList;
import java.util.List;

/** Cuts files into splits of about {@code splitBytes}; a file that cannot be read by range is one split. */
public final class SplitPlanner {

    /** The default split of URL input, as HDFS's block size. */
    public static final long DEFAULT_SPLIT_BYTES = 64L << 20;

    private SplitPlanner() {
    }

    public static List<InputSplit> plan(List<InputObject> objects, long splitBytes) {
        if (splitBytes < 1) {
            throw new IllegalArgumentException("split size " + splitBytes + " must be positive");
        }
        List<InputSplit> out = new ArrayList<>();
        for (InputObject o : objects) {
            if (o.gzip() || !o.ranges() || o.bytes() <= splitBytes) {
                out.add(new InputSplit(o.url(), 0, o.bytes(), true, o.gzip()));
                continue;
            }
            for (long start = 0; start < o.bytes(); start += splitBytes) {
                out.add(new InputSplit(o.url(), start, Math.min(splitBytes, o.bytes() - start), false, false));
            }
        }
        return out;
    }
}
