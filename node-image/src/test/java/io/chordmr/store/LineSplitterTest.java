package io.chordmr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    /**
     * Splits the text fed as direct buffers of 1 to 200 bytes, so cuts fall inside buffers and lines
     * span several; checks every buffer is freed once the chunks are.
     */
    private static List<byte[]> split(String text, Split split, int max) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Random sizes = new Random(text.length());
        List<ByteBuf> fed = new ArrayList<>();
        int[] at = {0};
        BufferSource source = () -> {
            if (at[0] == bytes.length) {
                return null;
            }
            int n = Math.min(bytes.length - at[0], 1 + sizes.nextInt(200));
            ByteBuf b = Unpooled.directBuffer(n).writeBytes(bytes, at[0], n);
            at[0] += n;
            fed.add(b);
            return b;
        };
        List<byte[]> out = new ArrayList<>();
        try (LineSplitter s = new LineSplitter(source, split, max)) {
            for (ByteBuf c = s.next(); c != null; c = s.next()) {
                assertThat(c.isDirect()).as("made of the input's buffers").isTrue();
                out.add(ByteBufUtil.getBytes(c));
                c.release();
            }
        } finally {
            assertThat(fed).as("every buffer freed").allSatisfy(b -> assertThat(b.refCnt()).isZero());
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
        assertThat(chunks.stream().mapToLong(c -> LineSplitter.countRecords(Unpooled.wrappedBuffer(c))).sum()).isEqualTo(1001);
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
            assertThat(LineSplitter.countRecords(Unpooled.wrappedBuffer(chunk))).as("trial %d", trial).isEqualTo(expected);
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
    void aChunkIsTheInputsOwnMemoryNotACopy() throws IOException {
        ByteBuf whole = Unpooled.directBuffer(64).writeBytes("one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8));
        ByteBuf[] source = {whole};
        try (LineSplitter s = new LineSplitter(() -> {
            ByteBuf b = source[0];
            source[0] = null;
            return b;
        }, Split.bytes(9), 1 << 16)) {
            ByteBuf first = s.next();
            ByteBuf second = s.next();
            assertThat(first.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
            assertThat(first.nioBuffers()).singleElement().satisfies(b -> assertThat(b.isDirect()).isTrue());
            assertThat(first.memoryAddress()).as("the same memory").isEqualTo(whole.memoryAddress());
            assertThat(second.toString(StandardCharsets.UTF_8)).isEqualTo("three\n");
            assertThat(s.next()).isNull();
            first.release();
            assertThat(whole.refCnt()).as("held by the second chunk").isPositive();
            second.release();
        }
        assertThat(whole.refCnt()).isZero();
    }

    @Test
    void aStreamIsReadIntoBuffers() throws IOException {
        String text = "alpha beta\n".repeat(20_000);
        List<byte[]> chunks = new ArrayList<>();
        try (LineSplitter s = new LineSplitter(BufferSource.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))),
                Split.bytes(100_000), 1 << 20)) {
            for (ByteBuf c = s.next(); c != null; c = s.next()) {
                chunks.add(ByteBufUtil.getBytes(c));
                c.release();
            }
        }
        assertThat(join(chunks)).isEqualTo(text);
        assertThat(chunks).hasSize(3);
    }

    @Test
    void emptyInputHasNoChunks() throws IOException {
        assertThat(split("", Split.DEFAULT, 1 << 16)).isEmpty();
    }
}
