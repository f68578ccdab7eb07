package io.chordmr.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.api.Serdes;
import io.chordmr.engine.sort.MapOutput;
import io.chordmr.engine.sort.MapOutputWriter;
import io.chordmr.engine.sort.RecordReader;
import io.chordmr.engine.sort.Rec;
import io.chordmr.engine.sort.SegmentInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LongSumTableTest {

    @TempDir
    Path dir;

    /** Sums keys of 0 to 30 bytes (bytes above 0x7f too) with many repeats through a table far smaller than its keys: it spills. */
    @Test
    void everyKeyEndsInItsPartitionWithItsExactSumSortedInEverySpill() throws IOException {
        Random r = new Random(9);
        byte[][] vocabulary = new byte[30_000][];
        byte[] common = "interna\u00eftional".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < vocabulary.length; i++) {
            vocabulary[i] = new byte[r.nextInt(31)];
            r.nextBytes(vocabulary[i]);
            if (i % 3 == 0) {
                // A third share a long prefix (ties on the sort's first bits), some of them being prefixes of others.
                System.arraycopy(common, 0, vocabulary[i], 0, Math.min(common.length, vocabulary[i].length));
            }
        }
        int partitions = 3;
        MapOutputWriter writer = new MapOutputWriter(dir.resolve("m.out"), partitions, 1 << 16, null);
        Counters counters = new Counters();
        LongSumTable table = new LongSumTable(writer, k -> partitionOf((byte[]) k, partitions), 128 << 10, counters);
        Map<String, Long> expected = new HashMap<>();
        byte[] buffer = new byte[64];
        for (int n = 0; n < 300_000; n++) {
            byte[] k = vocabulary[(int) Math.min(vocabulary.length - 1, Math.abs(r.nextGaussian()) * 3_000)];
            long v = r.nextInt(5) - 1;
            // Each key at another place in a reused buffer, as a mapper's reused Text would give it.
            int off = r.nextInt(buffer.length - k.length + 1);
            System.arraycopy(k, 0, buffer, off, k.length);
            table.add(buffer, off, k.length, v, k);
            expected.merge(HexFormat.of().formatHex(k), v, Long::sum);
        }
        table.spill();
        MapOutput out = writer.finish();
        assertThat(writer.stats().spilledRecords).as("it spilled more than once").isGreaterThan(expected.size());

        Map<String, Long> actual = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            try (var in = new BufferedInputStream(new SegmentInputStream(out.file(), out.offsets()[p], out.lengths()[p]))) {
                RecordReader reader = new RecordReader(in);
                byte[] previous = null;
                for (Rec rec = reader.next(); rec != null; rec = reader.next()) {
                    assertThat(partitionOf(rec.key(), partitions)).isEqualTo(p);
                    if (previous != null) {
                        assertThat(Arrays.compareUnsigned(previous, rec.key())).as("sorted within the partition").isLessThanOrEqualTo(0);
                    }
                    previous = rec.key();
                    actual.merge(HexFormat.of().formatHex(rec.key()), Serdes.LONG.fromBytes(rec.value(), 0, 8), Long::sum);
                }
            }
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(counters.snapshot().get(Counters.COMBINE_INPUT_RECORDS)).isEqualTo(300_000L);
    }

    private static int partitionOf(byte[] k, int partitions) {
        return Math.floorMod(Arrays.hashCode(k), partitions);
    }

    @Test
    void aReduceTableGivesEveryKeyOnceInByteOrderWithItsSum() {
        Random r = new Random(4);
        LongSumTable table = new LongSumTable(null, k -> 0, Long.MAX_VALUE, new Counters());
        java.util.TreeMap<String, Long> expected = new java.util.TreeMap<>();
        for (int n = 0; n < 100_000; n++) {
            byte[] k = new byte[r.nextInt(12)];
            for (int i = 0; i < k.length; i++) {
                k[i] = (byte) "ab\u00ff\u0080z".charAt(r.nextInt(5)); // bytes above 0x7f: unsigned order matters
            }
            table.add(k, 0, k.length, 2, k);
            expected.merge(HexFormat.of().formatHex(k), 2L, Long::sum);
        }
        List<String> keys = new ArrayList<>();
        Map<String, Long> sums = new HashMap<>();
        table.forEachSorted((arena, off, len, sum) -> {
            String hex = HexFormat.of().formatHex(arena, off, off + len);
            keys.add(hex);
            sums.put(hex, sum);
        });
        assertThat(sums).isEqualTo(expected);
        // Hex of bytes sorts as the bytes do, unsigned: the TreeMap's order.
        assertThat(keys).containsExactlyElementsOf(expected.keySet());
    }

    @Test
    void aKeyThePartitionerRefusesLeavesTheTableAsItWas() {
        LongSumTable table = new LongSumTable(null, k -> {
            if ("bad".equals(k)) {
                throw new IllegalArgumentException("no partition for 'bad'");
            }
            return 0;
        }, Long.MAX_VALUE, new Counters());
        byte[] good = "good".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = "bad".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        table.add(good, 0, good.length, 1, "good");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> table.add(bad, 0, bad.length, 1, "bad"))
                .hasMessageContaining("no partition");
        table.add(good, 0, good.length, 1, "good");
        Map<String, Long> seen = new HashMap<>();
        table.forEachSorted((arena, off, len, sum) -> seen.put(new String(arena, off, len, java.nio.charset.StandardCharsets.UTF_8), sum));
        assertThat(seen).containsExactly(Map.entry("good", 2L));
    }
}
