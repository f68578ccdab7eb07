package io.chordmr.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static final int MAX = 1024;

    /** The frame's bytes as the socket would send them, whether the encoder wrote one buffer or several. */
    private static ByteBuf encode(Frame f) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameEncoder());
        ch.writeOutbound(f);
        CompositeByteBuf all = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            all.addComponent(true, b);
        }
        return all;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void requestRoundTripsWithTokenAndBody() {
        Frame sent = Frame.request(TestType.ECHO, 42, "secret".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        ch.writeInbound(encode(sent));
        Frame got = ch.readInbound();
        assertThat(got.type()).isEqualTo(TestType.ECHO.code());
        assertThat(got.requestId()).isEqualTo(42);
        assertThat(new String(got.token(), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(got.body()).containsExactly(1, 2, 3);
    }

    @Test
    void partialFrameWaitsForTheRest() {
        ByteBuf whole = encode(Frame.response(7, "hello".getBytes(StandardCharsets.UTF_8)));
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        int n = whole.readableBytes();
        ch.writeInbound(whole.readRetainedSlice(3));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(whole.readRetainedSlice(n - 6));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(whole.readRetainedSlice(3));
        whole.release();
        Frame got = ch.readInbound();
        assertThat(got.requestId()).isEqualTo(7);
        assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void largeValueIsSentFromItsOwnArrayNotCopied() {
        byte[] head = {1, 2, 3};
        byte[] value = random(300_000, 1);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameEncoder());
        ch.writeOutbound(Frame.request(TestType.ECHO, 5, new byte[0], head, Unpooled.wrappedBuffer(value)));
        ByteBuf header = ch.readOutbound();
        assertThat(header.readableBytes()).as("length, header, token length").isEqualTo(4 + FrameDecoder.HEADER_BYTES + 2);
        header.release();
        int sent = 0;
        List<ByteBuf> rest = new ArrayList<>();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            rest.add(b);
        }
        // The head's slice is its own array too; every slice of the value wraps the value's array.
        for (ByteBuf b : rest.subList(1, rest.size())) {
            assertThat(b.hasArray() && b.array() == value).as("a slice of the value wraps its array").isTrue();
            assertThat(b.readableBytes()).isLessThanOrEqualTo(FrameEncoder.SLICE);
            sent += b.readableBytes();
            b.release();
        }
        rest.get(0).release();
        assertThat(sent).isEqualTo(value.length);
    }

    @Test
    void directTailIsSentAsItsOwnMemoryAndFreedAfter() {
        byte[] value = random(300_000, 4);
        ByteBuf tail = Unpooled.directBuffer(value.length).writeBytes(value);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameEncoder());
        ch.writeOutbound(Frame.request(TestType.ECHO, 6, new byte[0], new byte[] {1, 2}, tail.retainedDuplicate()));
        List<ByteBuf> out = new ArrayList<>();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            out.add(b);
        }
        ByteBuf sent = out.get(out.size() - 1);
        assertThat(sent.memoryAddress()).as("the tail's own memory, not a copy").isEqualTo(tail.memoryAddress());
        assertThat(ByteBufUtil.getBytes(sent)).isEqualTo(value);
        assertThat(tail.refCnt()).as("the caller's reference and the one on its way to the socket").isEqualTo(2);
        out.forEach(ByteBuf::release);
        assertThat(tail.refCnt()).isEqualTo(1);
        assertThat(tail.readerIndex()).as("the caller's view does not move").isZero();
        tail.release();
    }

    @Test
    void frameWrittenToAClosedConnectionFreesItsTail() {
        ByteBuf tail = Unpooled.directBuffer(100_000).writeZero(100_000);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameEncoder());
        ch.close();
        var write = ch.pipeline().writeAndFlush(Frame.request(TestType.ECHO, 8, new byte[0], new byte[0], tail.retainedDuplicate()));
        assertThat(write.isSuccess()).isFalse();
        assertThat(tail.refCnt()).as("only the caller's reference is left").isEqualTo(1);
        assertThat(Frame.request(TestType.ECHO, 9, new byte[0], new byte[0], tail.retainedDuplicate()).release())
                .as("a frame never written is released with its tail").isFalse();
        assertThat(tail.refCnt()).isEqualTo(1);
        tail.release();
    }

    @Test
    void largeFrameArrivingInPiecesIsGatheredFromTheSocketsBuffers() {
        byte[] value = random(1_000_000, 2);
        ByteBuf wire = Unpooled.wrappedBuffer(
                encode(Frame.request(TestType.ECHO, 9, "tok".getBytes(StandardCharsets.UTF_8), new byte[] {7}, Unpooled.wrappedBuffer(value))),
                encode(Frame.response(10, new byte[] {4, 5})));
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(2 << 20));
        Random pieces = new Random(3);
        List<Object> got = new ArrayList<>();
        List<ByteBuf> fed = new ArrayList<>();
        while (wire.isReadable()) {
            // Pieces from one byte (a header split anywhere) to more than a socket read.
            int n = Math.min(wire.readableBytes(), pieces.nextBoolean() ? 1 + pieces.nextInt(20) : 1 + pieces.nextInt(100_000));
            ByteBuf piece = Unpooled.directBuffer(n).writeBytes(wire, n);
            fed.add(piece);
            ch.writeInbound(piece);
            for (Object f = ch.readInbound(); f != null; f = ch.readInbound()) {
                got.add(f);
            }
        }
        wire.release();
        assertThat(got).hasSize(2);
        LargeFrame large = (LargeFrame) got.get(0);
        assertThat(large.requestId()).isEqualTo(9);
        assertThat(new String(large.token(), StandardCharsets.UTF_8)).isEqualTo("tok");
        byte[] expected = new byte[1 + value.length];
        expected[0] = 7;
        System.arraycopy(value, 0, expected, 1, value.length);
        assertThat(ByteBufUtil.getBytes(large.body())).isEqualTo(expected);
        assertThat(fed.subList(1, fed.size() - 1)).as("the pieces holding the body are kept, not copied")
                .anySatisfy(b -> assertThat(b.refCnt()).isPositive());
        large.body().release();
        assertThat(fed).as("every piece freed once the body is").allSatisfy(b -> assertThat(b.refCnt()).isZero());
        Frame small = (Frame) got.get(1);
        assertThat(small.requestId()).isEqualTo(10);
        assertThat(small.body()).containsExactly(4, 5);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aLargeFrameCutOffByTheConnectionsEndIsFreed() {
        ByteBuf wire = encode(Frame.response(3, random(300_000, 5)));
        ByteBuf half = Unpooled.directBuffer(150_000).writeBytes(wire, 150_000);
        wire.release();
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1 << 20));
        ch.writeInbound(half);
        assertThat(half.refCnt()).as("held for the body still arriving").isPositive();
        ch.finishAndReleaseAll();
        assertThat(half.refCnt()).isZero();
    }

    @Test
    void largeFrameWithABadHeaderIsRefusedBeforeItsBodyArrives() {
        ByteBuf f = encode(Frame.response(1, random(200_000, 4)));
        f.setByte(4, 9);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1 << 20));
        assertThatThrownBy(() -> ch.writeInbound(f.readRetainedSlice(100))).isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("protocol version 9");
        f.release();
    }

    @Test
    void twoFramesInOneReadBothDecode() {
        ByteBuf both = Unpooled.wrappedBuffer(encode(Frame.response(1, new byte[0])), encode(Frame.response(2, new byte[] {9})));
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        ch.writeInbound(both);
        assertThat(((Frame) ch.readInbound()).requestId()).isEqualTo(1);
        assertThat(((Frame) ch.readInbound()).requestId()).isEqualTo(2);
    }

    @Test
    void oversizedFrameIsRefusedBeforeItsBodyArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        ByteBuf head = Unpooled.buffer().writeInt(MAX + 1).writeByte(Frame.VERSION);
        assertThatThrownBy(() -> ch.writeInbound(head)).isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("exceeds the maximum " + MAX);
    }

    @Test
    void wrongProtocolVersionIsNamed() {
        ByteBuf f = encode(Frame.response(1, new byte[0]));
        f.setByte(4, 9);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        assertThatThrownBy(() -> ch.writeInbound(f)).isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("protocol version 9");
    }

    @Test
    void garbageBytesAreRefused() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        ByteBuf garbage = Unpooled.wrappedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> ch.writeInbound(garbage)).isInstanceOf(DecoderException.class);
    }

    @Test
    void typeCodeOutsideTheRangeIsNamed() {
        ByteBuf f = encode(Frame.response(1, new byte[0]));
        f.setByte(5, 200);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        assertThatThrownBy(() -> ch.writeInbound(f)).isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("message type 200 is outside 1..127");
    }

    @Test
    void tokenComparisonAcceptsOnlyTheExactToken() {
        ClusterToken t = ClusterToken.of("abc123");
        assertThat(t.accepts("abc123".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(t.accepts("abc124".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(t.accepts("abc1234".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(t.accepts(new byte[0])).isFalse();
        assertThat(t.accepts((byte[]) null)).isFalse();
        assertThat(ClusterToken.NONE.accepts(new byte[0])).isTrue();
    }

    private enum TestType implements MessageType {
        ECHO;

        @Override
        public int code() {
            return 42;
        }
    }
}
