package io.chordmr.engine.sort;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortBufferTest {

    @Test
    void eachPartitionComesOutSortedByUnsignedKeyBytes() throws IOException {
        Random random = new Random(11);
        List<Rec> records = Records.random(random, 5000);
        int partitions = 4;
        List<List<Rec>> expected = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            expected.add(new ArrayList<>());
        }
        SortBuffer buffer = new SortBuffer(1 << 20);
        for (Rec r : records) {
            int p = random.nextInt(partitions - 1); // partition 3 stays empty
            buffer.add(p, r.key(), r.value());
            expected.get(p).add(r);
        }
        buffer.sort(partitions);
        for (int p = 0; p < partitions; p++) {
            Records.assertSameSorted(Records.drain(buffer.sorted(p)), expected.get(p));
        }
        assertThat(Records.drain(buffer.sorted(3))).isEmpty();
    }

    @Test
    void alreadySortedAndReversedInputSortToo() throws IOException {
        List<Rec> records = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            records.add(new Rec(String.format("key-%06d", i).getBytes(), new byte[0]));
        }
        List<Rec> reversed = new ArrayList<>(records);
        java.util.Collections.reverse(reversed);
        for (List<Rec> input : List.of(records, reversed)) {
            SortBuffer buffer = new SortBuffer(1 << 20);
            input.forEach(r -> buffer.add(0, r.key(), r.value()));
            buffer.sort(1);
            Records.assertSameSorted(Records.drain(buffer.sorted(0)), records);
        }
    }

    @Test
    void fullMeansTheNextRecordDoesNotFitButALoneRecordAlwaysDoes() {
        SortBuffer buffer = new SortBuffer(100);
        assertThat(buffer.isFull(1000)).as("empty: an oversized record is taken alone").isFalse();
        buffer.add(0, new byte[60], new byte[0]);
        assertThat(buffer.isFull(40)).isFalse();
        assertThat(buffer.isFull(41)).isTrue();
        buffer.clear();
        assertThat(buffer.count()).isZero();
        assertThat(buffer.isFull(1000)).isFalse();
    }
}
