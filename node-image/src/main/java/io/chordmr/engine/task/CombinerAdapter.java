package io.chordmr.engine.task;

import io.chordmr.api.Reducer;
import io.chordmr.api.Serde;
import io.chordmr.engine.sort.Rec;
import io.chordmr.engine.sort.RecordCombiner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A user combiner as the engine's {@link RecordCombiner}: decodes keys and values, calls the
 * user's reduce, encodes what it emits. Output is buffered per partition and written sorted, so
 * a combiner (a streaming one especially) may emit late or out of order.
 */
final class CombinerAdapter implements RecordCombiner {

    private final Reducer<Object, Object, Object, Object> combiner;
    private final Serde<Object> keys;
    private final Serde<Object> values;
    private final List<Rec> pending = new ArrayList<>();

    CombinerAdapter(Reducer<Object, Object, Object, Object> combiner, Serde<Object> keys, Serde<Object> values) {
        this.combiner = combiner;
        this.keys = keys;
        this.values = values;
    }

    @Override
    public void combine(byte[] key, Iterator<byte[]> vals, RecordSink out) throws IOException {
        Iterable<Object> decoded = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return vals.hasNext();
            }

            @Override
            public Object next() {
                byte[] v = vals.next();
                return values.fromBytes(v, 0, v.length);
            }
        };
        try {
            combiner.reduce(keys.fromBytes(key, 0, key.length), decoded, this::emit);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("combiner failed: " + e, e);
        }
    }

    private synchronized void emit(Object k, Object v) {
        pending.add(new Rec(keys.toBytes(k), values.toBytes(v)));
    }

    @Override
    public void flush(RecordSink out) throws IOException {
        try {
            combiner.cleanup(this::emit);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("combiner failed: " + e, e);
        }
        List<Rec> recs;
        synchronized (this) {
            recs = new ArrayList<>(pending);
            pending.clear();
        }
        recs.sort((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
        for (Rec r : recs) {
            out.accept(r.key(), r.value());
        }
    }
}
