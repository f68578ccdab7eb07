package io.chordmr.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExamplesTest {

    @Test
    void wordsSplitLikePythonStrSplit() {
        List<String> w = new ArrayList<>();
        Words.forEach("  Hello,\tworld!  hello\u00a0x\n", w::add);
        assertThat(w).containsExactly("Hello,", "world!", "hello", "x");
    }

    @Test
    void rangePartitionerKeepsOrderAcrossPartitions() {
        RangePartitioner p = new RangePartitioner();
        List<String> keys = List.of("", "0", "9", "A", "Z", "a", "m", "z", "~");
        int prev = 0;
        for (String k : keys) {
            int part = p.partition(k, 4);
            assertThat(part).isBetween(prev, 3);
            prev = part;
        }
    }

    @Test
    void urlAccessMapperTakesThePath() {
        List<Map.Entry<String, Long>> out = new ArrayList<>();
        UrlAccessMapper m = new UrlAccessMapper();
        m.map(0L, "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /a.html HTTP/1.0\" 200 2326", (k, v) -> out.add(Map.entry(k, v)));
        assertThat(out).containsExactly(Map.entry("/a.html", 1L));
    }
}
