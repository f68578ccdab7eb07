package io.chordmr.engine.task;

import io.chordmr.api.Emitter;
import io.chordmr.api.Partitioner;
import io.chordmr.api.Reducer;
import io.chordmr.api.Serde;
import io.chordmr.engine.sort.KeyOrder;
import io.chordmr.engine.sort.MapOutputWriter;
import io.chordmr.engine.sort.Rec;
import io.chordmr.engine.sort.RecordSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Map output with a combiner: pairs are grouped by key in a hash table and the combiner runs on a
 * group as soon as it has a few values, so a word count keeps one running count per distinct word
 * instead of sorting every (word, 1). When the table's estimated size passes the limit, its groups
 * are combined, sorted and written as one spill run. A combiner may run several times on the same
 * key, which combiners allow.
 */
final class MapSideCombiner implements Emitter<Object, Object> {

    private static final int COMBINE_AT = 256;
    private static final int GROUP_OVERHEAD = 112;
    private static final int VALUE_OVERHEAD = 24;

    private static final class Group {
        final Object key;
        final byte[] keyBytes;
        final int partition;
        final long prefix;
        List<Object> values = new ArrayList<>(4);

        Group(Object key, byte[] keyBytes, int partition) {
            this.key = key;
            this.keyBytes = keyBytes;
            this.partition = partition;
            this.prefix = KeyOrder.prefix(keyBytes, 0, keyBytes.length);
        }
    }

    private final Reducer<Object, Object, Object, Object> combiner;
    private final Partitioner<Object> partitioner;
    private final int partitions;
    private final Serde<Object> keys;
    private final Serde<Object> values;
    private final MapOutputWriter out;
    private final long limitBytes;
    private final Counters counters;
    private final Map<Object, Group> groups = new HashMap<>();
    private long bytes;
    private boolean combining;

    MapSideCombiner(Reducer<Object, Object, Object, Object> combiner, Partitioner<Object> partitioner, int partitions,
                    Serde<Object> keys, Serde<Object> values, MapOutputWriter out, long limitBytes, Counters counters) {
        this.combiner = combiner;
        this.partitioner = partitioner;
        this.partitions = partitions;
        this.keys = keys;
        this.values = values;
        this.out = out;
        this.limitBytes = limitBytes;
        this.counters = counters;
    }

    @Override
    public void emit(Object key, Object value) {
        Group g = groups.get(key);
        if (g == null) {
            int p = MapTaskRunner.partition(partitioner, key, partitions);
            byte[] kb = keys.toBytes(key);
            g = new Group(key, kb, p);
            groups.put(key, g);
            bytes += kb.length + GROUP_OVERHEAD;
        }
        g.values.add(value);
        bytes += VALUE_OVERHEAD;
        if (combining) {
            return;
        }
        if (g.values.size() >= COMBINE_AT) {
            combine(g);
        }
        if (bytes > limitBytes) {
            spill();
        }
    }

    private void combine(Group g) {
        List<Object> in = g.values;
        g.values = new ArrayList<>(2);
        bytes -= (long) VALUE_OVERHEAD * in.size();
        combining = true;
        long[] emitted = {0};
        try {
            combiner.reduce(g.key, in, (k, v) -> {
                emitted[0]++;
                if (k.equals(g.key)) {
                    g.values.add(v);
                    bytes += VALUE_OVERHEAD;
                } else {
                    emit(k, v);
                }
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TaskFailedException("combiner failed on key '" + g.key + "': " + TaskRunner.describe(e), e);
        } finally {
            combining = false;
        }
        counters.add(Counters.COMBINE_INPUT_RECORDS, in.size());
        counters.add(Counters.COMBINE_OUTPUT_RECORDS, emitted[0]);
    }

    /** Combines every group down, then writes them sorted by (partition, key) as a spill run. */
    void spill() {
        if (groups.isEmpty()) {
            return;
        }
        for (Group g : new ArrayList<>(groups.values())) {
            if (g.values.size() > 1) {
                combine(g);
            }
        }
        Group[] sorted = groups.values().toArray(new Group[0]);
        Arrays.sort(sorted, (a, b) -> a.partition != b.partition ? Integer.compare(a.partition, b.partition)
                : KeyOrder.compare(a.prefix, a.keyBytes, 0, a.keyBytes.length, b.prefix, b.keyBytes, 0, b.keyBytes.length));
        int[] start = new int[partitions + 1];
        for (Group g : sorted) {
            start[g.partition + 1]++;
        }
        for (int p = 0; p < partitions; p++) {
            start[p + 1] += start[p];
        }
        long records = 0;
        for (Group g : sorted) {
            records += g.values.size();
        }
        try {
            out.spillSorted(p -> source(sorted, start[p], start[p + 1]), records);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        groups.clear();
        bytes = 0;
    }

    private RecordSource source(Group[] sorted, int from, int to) {
        int[] i = {from};
        int[] v = {0};
        return () -> {
            while (i[0] < to && v[0] >= sorted[i[0]].values.size()) {
                i[0]++;
                v[0] = 0;
            }
            if (i[0] >= to) {
                return null;
            }
            Group g = sorted[i[0]];
            return new Rec(g.keyBytes, values.toBytes(g.values.get(v[0]++)));
        };
    }
}
