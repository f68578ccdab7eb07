package io.chordmr.engine.sort;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MergeAndGroupTest {

    private static Rec rec(String k, String v) {
        return new Rec(k.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mergingSortedRunsGivesOneSortedRun() throws IOException {
        Random random = new Random(3);
        List<Rec> all = new ArrayList<>();
        List<RecordSource> runs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            List<Rec> run = new ArrayList<>(Records.random(random, i == 3 ? 0 : 400));
            run.sort(Records.BY_KEY_THEN_VALUE);
            all.addAll(run);
            runs.add(Records.of(run));
        }
        Records.assertSameSorted(Records.drain(new MergeIterator(runs)), all);
    }

    @Test
    void groupsHoldEveryValueOfAKeyAndUnreadValuesAreSkipped() throws IOException {
        Grouper g = new Grouper(Records.of(List.of(rec("a", "1"), rec("a", "2"), rec("b", "3"), rec("c", "4"), rec("c", "5"))));
        assertThat(new String(g.nextKey(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(strings(g.values())).containsExactly("1", "2");
        assertThat(new String(g.nextKey(), StandardCharsets.UTF_8)).isEqualTo("b");
        // b's value is not read
        assertThat(new String(g.nextKey(), StandardCharsets.UTF_8)).isEqualTo("c");
        Iterator<byte[]> c = g.values();
        assertThat(new String(c.next(), StandardCharsets.UTF_8)).isEqualTo("4");
        assertThat(g.nextKey()).as("c's last value skipped, then the end").isNull();
    }

    @Test
    void copyRunsEachGroupThroughTheCombiner() throws IOException {
        List<Rec> input = List.of(rec("a", "1"), rec("a", "2"), rec("b", "3"));
        RecordCombiner count = (k, values, out) -> {
            int n = 0;
            while (values.hasNext()) {
                values.next();
                n++;
            }
            out.accept(k, Integer.toString(n).getBytes(StandardCharsets.UTF_8));
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RecordWriter w = new RecordWriter(bytes);
        assertThat(Grouper.copy(Records.of(input), count, w)).isEqualTo(2);
        List<Rec> back = Records.drain(new RecordReader(new java.io.ByteArrayInputStream(bytes.toByteArray()))::next);
        assertThat(back).extracting(r -> new String(r.key()) + "=" + new String(r.value())).containsExactly("a=2", "b=1");
    }

    private static List<String> strings(Iterator<byte[]> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(b -> out.add(new String(b, StandardCharsets.UTF_8)));
        return out;
    }
}
