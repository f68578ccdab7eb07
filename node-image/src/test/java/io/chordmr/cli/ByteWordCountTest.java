package io.chordmr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.examples.Words;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteWordCountTest {

    @TempDir
    Path dir;

    /** Words of 1 to 12 letters, a few of 5,000, between runs of every ASCII whitespace Words knows, at either end too. */
    private static String text(Random r) {
        String[] spaces = {" ", "  ", "\t", "\n", "\r\n", "\u000b", "\f", "\u001c", "\u001f", " \n "};
        StringBuilder b = new StringBuilder(spaces[r.nextInt(spaces.length)]);
        for (int i = 0; i < 20_000; i++) {
            int len = r.nextInt(200) == 0 ? 5_000 : 1 + r.nextInt(12);
            for (int k = 0; k < len; k++) {
                b.append((char) ('a' + r.nextInt(r.nextBoolean() ? 3 : 26)));
            }
            b.append(spaces[r.nextInt(spaces.length)]);
        }
        return b.append("last").toString();
    }

    @Test
    void countsEveryWordOnceWhateverTheReadSize() throws IOException {
        String text = text(new Random(5));
        Path file = Files.writeString(dir.resolve("t.txt"), text);
        // The independent count: Strings, the examples' own word splitting, a HashMap.
        Map<String, Long> expected = new HashMap<>();
        text.lines().forEach(line -> Words.forEach(line, w -> expected.merge(w, 1L, Long::sum)));
        long sum = 0;
        for (var e : expected.entrySet()) {
            byte[] w = e.getKey().getBytes(StandardCharsets.UTF_8);
            sum += ByteWordCount.wordHash(w, 0, w.length) * e.getValue();
        }
        long words = expected.values().stream().mapToLong(Long::longValue).sum();
        for (int buffer : List.of(1, 3, 7, 64, 4096, 1 << 22)) {
            ByteWordCount.Result r = ByteWordCount.count(file, buffer);
            assertThat(r.distinct()).as("buffer %d", buffer).isEqualTo(expected.size());
            assertThat(r.words()).as("buffer %d", buffer).isEqualTo(words);
            assertThat(r.checksum()).as("buffer %d", buffer).isEqualTo(sum);
        }
    }

    @Test
    void anEmptyFileHasNoWords() throws IOException {
        assertThat(ByteWordCount.count(Files.writeString(dir.resolve("e.txt"), " \n\t"))).isEqualTo(new ByteWordCount.Result(0, 0, 0));
    }

    @Test
    void theWordsCorpusHasItsShape() throws IOException {
        List<String> vocabulary = Arrays.stream(BenchCorpus.WORDS.vocabulary()).map(w -> new String(w, StandardCharsets.US_ASCII)).toList();
        assertThat(vocabulary).hasSize(50_000).doesNotHaveDuplicates().allSatisfy(w -> assertThat(w).matches("[a-z]+"));
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        BenchCorpus.WORDS.write(a, 2_000_000);
        BenchCorpus.WORDS.write(b, 2_000_000);
        assertThat(Files.mismatch(a, b)).as("the same seed, the same file").isEqualTo(-1);
        assertThat(Files.size(a)).isBetween(2_000_000L, 2_000_000L + 20 * 40);
        List<String> lines = Files.readAllLines(a);
        assertThat(lines).allSatisfy(l -> assertThat(l.split(" ")).hasSizeBetween(5, 20));
        // Zipf: the most frequent word is far more frequent than the hundredth.
        Map<String, Long> counts = new HashMap<>();
        lines.forEach(l -> Words.forEach(l, w -> counts.merge(w, 1L, Long::sum)));
        List<Long> ranked = counts.values().stream().sorted((x, y) -> Long.compare(y, x)).toList();
        assertThat((double) ranked.get(0) / ranked.get(99)).isBetween(80.0, 250.0);
    }
}
