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
    void wordsOverTextAreTheWordsOverTheDecodedString() {
        // Every whitespace Words knows, inside and beyond ASCII, among letters of every UTF-8 width, and malformed bytes.
        int[] pool = {'a', 'b', 'Z', ',', 0xe9, 0x4e2d, 0x1f600, ' ', '\t', '\n', 0x0b, 0x1c, 0x1f, 0x85, 0xa0, 0x1680, 0x2000, 0x2007,
            0x200a, 0x200b, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0x3001, 0xfeff};
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(30); k > 0; k--) {
                b.appendCodePoint(pool[r.nextInt(pool.length)]);
            }
            byte[] bytes = b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (i % 10 == 0 && bytes.length > 2) {
                bytes[r.nextInt(bytes.length)] = (byte) (0x80 + r.nextInt(0x80)); // malformed somewhere
            }
            List<String> expected = new ArrayList<>();
            Words.forEach(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), expected::add);
            List<String> actual = new ArrayList<>();
            io.chordmr.api.Text line = new io.chordmr.api.Text().set(bytes, 0, bytes.length);
            Words.forEach(line, new io.chordmr.api.Text(), w -> actual.add(w.toString()));
            assertThat(actual).as("line %s", java.util.HexFormat.of().formatHex(bytes)).isEqualTo(expected);
        }
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
