package io.chordmr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
