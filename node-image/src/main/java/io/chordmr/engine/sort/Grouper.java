package io.chordmr.engine.sort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks a sorted source one key at a time: {@link #nextKey()} moves to the next distinct key and
 * {@link #values()} streams that key's values without holding them all.
 */
public final class Grouper {

    private final RecordSource source;
    private Rec pending;
    private byte[] key;
    private boolean started;

    public Grouper(RecordSource source) {
        this.source = source;
    }

    /** The next distinct key, or null at the end; unread values of the current key are skipped. */
    public byte[] nextKey() throws IOException {
        if (!started) {
            pending = source.next();
            started = true;
        }
        while (pending != null && key != null && Arrays.equals(pending.key(), key)) {
            pending = source.next();
        }
        key = pending == null ? null : pending.key();
        return key;
    }

    /** The values of the current key, readable once. */
    public Iterator<byte[]> values() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pending != null && Arrays.equals(pending.key(), key);
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] v = pending.value();
                try {
                    pending = source.next();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return v;
            }
        };
    }

    /** Writes every group through the combiner, or every record as it is when there is none. */
    public static long copy(RecordSource source, RecordCombiner combiner, RecordWriter out) throws IOException {
        long before = out.records();
        if (combiner == null) {
            for (Rec r = source.next(); r != null; r = source.next()) {
                out.write(r);
            }
            return out.records() - before;
        }
        Grouper g = new Grouper(source);
        RecordCombiner.RecordSink sink = (ck, cv) -> out.write(ck, 0, ck.length, cv, 0, cv.length);
        for (byte[] k = g.nextKey(); k != null; k = g.nextKey()) {
            combiner.combine(k, g.values(), sink);
        }
        combiner.flush(sink);
        return out.records() - before;
    }
}
