package io.chordmr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private static List<byte[]> split(String text, Split split, int max) throws IOException {
        LineSplitter s = new LineSplitter(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), split, max);
        List<byte[]> out = new ArrayList<>();
        for (byte[] c = s.next(); c != null; c = s.next()) {
            out.add(c);
        }
        return out;
    }

    private static String join(List<byte[]> chunks) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        chunks.forEach(b::writeBytes);
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void chunksEndAtLineBoundariesAndRejoinExactly() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            b.append("line number ").append(i).append(i % 7 == 0 ? " with a longer tail of words" : "").append('\n');
        }
        String text = b.append("no newline at the end").toString();
        List<byte[]> chunks = split(text, Split.bytes(500), 1 << 16);
        assertThat(join(chunks)).isEqualTo(text);
        for (int i = 0; i < chunks.size() - 1; i++) {
            byte[] c = chunks.get(i);
            assertThat(c[c.length - 1]).isEqualTo((byte) '\n');
            assertThat(c.length).isLessThanOrEqualTo(500);
        }
        assertThat(chunks.stream().mapToLong(LineSplitter::countRecords).sum()).isEqualTo(1001);
    }

    /** The word-at-a-time count against a byte loop, over every length to 40 and bytes that differ from '\n' in one bit. */
    @Test
    void recordCountMatchesAPlainCountOfLineEnds() {
        Random random = new Random(7);
        byte[] near = {'\n', (byte) ('\n' ^ 0x80), '\n' ^ 0x01, '\n' ^ 0x02, 0x00, (byte) 0xff, 0x7f, (byte) 0x80, 'a'};
        for (int trial = 0; trial < 2000; trial++) {
            byte[] chunk = new byte[trial % 41 + (trial > 1900 ? 4096 : 0)];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = trial % 2 == 0 ? near[random.nextInt(near.length)] : (byte) random.nextInt(256);
            }
            long ends = 0;
            for (byte x : chunk) {
                ends += x == '\n' ? 1 : 0;
            }
            long expected = chunk.length > 0 && chunk[chunk.length - 1] != '\n' ? ends + 1 : ends;
            assertThat(LineSplitter.countRecords(chunk)).as("trial %d", trial).isEqualTo(expected);
        }
    }

    @Test
    void recordSplitGivesExactlyThatManyLinesPerChunk() throws IOException {
        String text = "a\nb\nc\nd\ne\nf\ng\n";
        List<byte[]> chunks = split(text, Split.records(3), 1 << 16);
        assertThat(chunks).extracting(c -> new String(c, StandardCharsets.UTF_8)).containsExactly("a\nb\nc\n", "d\ne\nf\n", "g\n");
    }

    @Test
    void aLineLongerThanTheTargetMakesOneBigChunk() throws IOException {
        String text = "short\n" + "x".repeat(300) + "\nend\n";
        List<byte[]> chunks = split(text, Split.bytes(100), 1 << 16);
        assertThat(join(chunks)).isEqualTo(text);
        assertThat(chunks).extracting(c -> c.length).contains(301);
    }

    @Test
    void aLineLongerThanTheLargestChunkIsRefusedWithItsOffset() {
        String text = "ok\n" + "y".repeat(5000) + "\n";
        assertThatThrownBy(() -> split(text, Split.bytes(100), 1000)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("near byte 3").hasMessageContaining("1000 bytes");
    }

    @Test
    void emptyInputHasNoChunks() throws IOException {
        assertThat(split("", Split.DEFAULT, 1 << 16)).isEmpty();
    }
}
