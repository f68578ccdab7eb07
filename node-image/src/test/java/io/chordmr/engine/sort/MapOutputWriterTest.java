package io.chordmr.engine.sort;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapOutputWriterTest {

    @TempDir
    Path dir;

    private static List<Rec> partition(MapOutput out, int p) throws IOException {
        try (var in = new BufferedInputStream(new SegmentInputStream(out.file(), out.offsets()[p], out.lengths()[p]))) {
            return Records.drain(new RecordReader(in)::next);
        }
    }

    @Test
    void outputFarLargerThanTheBufferSpillsAndMergesIntoSortedPartitions() throws IOException {
        Random random = new Random(5);
        List<Rec> records = Records.random(random, 20_000);
        int partitions = 3;
        List<List<Rec>> expected = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        // about 500 KB of records through a 16 KiB buffer: dozens of spills
        MapOutputWriter w = new MapOutputWriter(dir.resolve("m.out"), partitions, 16 << 10, null);
        for (Rec r : records) {
            int p = Math.floorMod(java.util.Arrays.hashCode(r.key()), partitions);
            w.collect(p, r.key(), r.value());
            expected.get(p).add(r);
        }
        MapOutput out = w.finish();
        assertThat(w.stats().spilledRecords).isEqualTo(records.size());
        assertThat(w.stats().outputBytes).as("ten buffers' worth at least: it must have spilled and merged").isGreaterThan(10 * (16 << 10));
        for (int p = 0; p < partitions; p++) {
            assertThat(out.records()[p]).isEqualTo(expected.get(p).size());
            Records.assertSameSorted(partition(out, p), expected.get(p));
        }
        assertThat(MapOutput.readIndex(out.file()).lengths()).containsExactly(out.lengths());
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("spill files are gone").containsExactlyInAnyOrder("m.out",
                    MapOutput.indexOf(out.file()).getFileName().toString());
        }
    }

    @Test
    void aCombinerFoldsEachKeyInEverySpillAndInTheMerge() throws IOException {
        RecordCombiner sum = (k, values, sink) -> {
            long total = 0;
            while (values.hasNext()) {
                total += Long.parseLong(new String(values.next()));
            }
            sink.accept(k, Long.toString(total).getBytes());
        };
        MapOutputWriter w = new MapOutputWriter(dir.resolve("c.out"), 1, 256, sum);
        for (int i = 0; i < 1000; i++) {
            w.collect(0, ("k" + i % 10).getBytes(), "1".getBytes());
        }
        MapOutput out = w.finish();
        List<Rec> back = partition(out, 0);
        assertThat(back).extracting(r -> new String(r.key()) + "=" + new String(r.value()))
                .containsExactly("k0=100", "k1=100", "k2=100", "k3=100", "k4=100", "k5=100", "k6=100", "k7=100", "k8=100", "k9=100");
        assertThat(w.stats().combineOutput).isLessThan(w.stats().combineInput);
    }
}
