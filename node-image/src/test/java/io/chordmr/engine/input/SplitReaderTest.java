package io.chordmr.engine.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitReaderTest {

    @TempDir
    Path dir;

    /** Lines of 0 to 40 characters (empty ones too), with or without a final newline. */
    private static String text(Random random, int lines, boolean finalNewline) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            int n = random.nextInt(41);
            for (int k = 0; k < n; k++) {
                b.append((char) ('a' + random.nextInt(26)));
            }
            if (i < lines - 1 || finalNewline) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** The lines as split readers hand them on, with the offset of each line in the file, read back from the copies. */
    private List<String> readAll(ObjectSource source, String url, long size, long splitBytes) throws IOException {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (InputSplit s : SplitPlanner.plan(List.of(new InputObject(url, size, true, false)), splitBytes)) {
            Path copy = dir.resolve("split-" + i++);
            SplitReader.Copied c = SplitReader.copy(source, s, copy);
            byte[] bytes = Files.readAllBytes(copy);
            assertThat(bytes.length).isEqualTo(c.length());
            CRC32 crc = new CRC32();
            crc.update(bytes);
            assertThat(c.crc()).isEqualTo((int) crc.getValue());
            long offset = c.firstLineOffset();
            int from = 0;
            for (int k = 0; k <= bytes.length; k++) {
                if (k == bytes.length ? k > from : bytes[k] == '\n') {
                    out.add(offset + from + ":" + new String(bytes, from, k - from, StandardCharsets.UTF_8));
                    from = k + 1;
                }
            }
        }
        return out;
    }

    /** Every line with its offset, counted here from the whole text. */
    private static List<String> expected(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int k = 0; k <= text.length(); k++) {
            if (k == text.length() ? k > from : text.charAt(k) == '\n') {
                out.add(from + ":" + text.substring(from, k));
                from = k + 1;
            }
        }
        return out;
    }

    @Test
    void everyLineIsReadOnceWhateverTheSplitSize() throws IOException {
        Random random = new Random(17);
        for (boolean finalNewline : new boolean[] {true, false}) {
            String text = text(random, 300, finalNewline);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            BytesSource source = new BytesSource(Map.of("http://h/f", bytes));
            for (long split : new long[] {1, 2, 3, 7, 40, 41, 42, 100, 1000, bytes.length - 1, bytes.length}) {
                assertThat(readAll(source, "http://h/f", bytes.length, split)).as("split size %d, final newline %s", split, finalNewline)
                        .containsExactlyElementsOf(expected(text));
            }
        }
    }

    @Test
    void aSplitInsideOneLongLineReadsNothing() throws IOException {
        byte[] bytes = ("short\n" + "x".repeat(100) + "\nend\n").getBytes(StandardCharsets.UTF_8);
        BytesSource source = new BytesSource(Map.of("u", bytes));
        SplitReader.Copied c = SplitReader.copy(source, new InputSplit("u", 20, 10, false, false), dir.resolve("mid"));
        assertThat(c.length()).isZero();
    }

    @Test
    void aGzipFileIsReadWholeAndDecompressed() throws IOException {
        String text = text(new Random(3), 500, true);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        BytesSource source = new BytesSource(Map.of("http://h/f.gz", gz.toByteArray()));
        List<InputSplit> splits = SplitPlanner.plan(List.of(source.describe("http://h/f.gz")), 64);
        assertThat(splits).singleElement().satisfies(s -> assertThat(s.whole()).isTrue());
        SplitReader.Copied c = SplitReader.copy(source, splits.get(0), dir.resolve("gz"));
        assertThat(Files.readString(dir.resolve("gz"))).isEqualTo(text);
        assertThat(c.firstLineOffset()).isZero();
    }

    @Test
    void binaryInputIsRefusedNamingTheUrlAndWhereItStopsBeingText() throws IOException {
        byte[] bin = "line one\nline two\n\0\1\2 binary\n".getBytes(StandardCharsets.ISO_8859_1);
        BytesSource source = new BytesSource(Map.of("http://h/data.bin", bin, "http://h/data.bin.gz", gzip(bin),
                "http://h/fake.gz", "plain text, not gzip\n".getBytes(StandardCharsets.UTF_8)));
        // Read by range from the start, and whole.
        for (InputSplit s : List.of(new InputSplit("http://h/data.bin", 0, bin.length, false, false),
                new InputSplit("http://h/data.bin", 0, bin.length, true, false))) {
            assertThatThrownBy(() -> SplitReader.copy(source, s, dir.resolve("bin"))).isInstanceOf(UrlException.class)
                    .hasMessage("http://h/data.bin: not text: a NUL byte at byte 18 (jobs read lines of UTF-8 text)");
        }
        // A split starting after the NUL's line does not see it; the split that holds the line does.
        assertThat(SplitReader.copy(source, new InputSplit("http://h/data.bin", 20, 5, false, false), dir.resolve("after")).length())
                .isZero();
        assertThatThrownBy(() -> SplitReader.copy(source, new InputSplit("http://h/data.bin", 15, 5, false, false), dir.resolve("mid")))
                .hasMessageContaining("a NUL byte at byte 18");
        assertThatThrownBy(() -> SplitReader.copy(source, new InputSplit("http://h/data.bin.gz", 0, 0, true, true), dir.resolve("gz")))
                .isInstanceOf(UrlException.class).hasMessageContaining("http://h/data.bin.gz: not text: a NUL byte at byte 18 of the decompressed");
        assertThatThrownBy(() -> SplitReader.copy(source, new InputSplit("http://h/fake.gz", 0, 0, true, true), dir.resolve("fake")))
                .isInstanceOf(UrlException.class).hasMessageStartingWith("http://h/fake.gz: named .gz but not gzip data");
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(b);
        }
        return gz.toByteArray();
    }
}
