package io.chordmr.engine.sort;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/** K-way merge of sorted record sources, holding one record per source in memory. */
public final class MergeIterator implements RecordSource {

    private record Head(Rec rec, RecordSource source) {
    }

    private final PriorityQueue<Head> heap = new PriorityQueue<>((a, b) -> Arrays.compareUnsigned(a.rec.key(), b.rec.key()));

    public MergeIterator(List<? extends RecordSource> sources) throws IOException {
        for (RecordSource s : sources) {
            Rec r = s.next();
            if (r != null) {
                heap.add(new Head(r, s));
            }
        }
    }

    @Override
    public Rec next() throws IOException {
        Head h = heap.poll();
        if (h == null) {
            return null;
        }
        Rec r = h.source.next();
        if (r != null) {
            heap.add(new Head(r, h.source));
        }
        return h.rec;
    }
}
