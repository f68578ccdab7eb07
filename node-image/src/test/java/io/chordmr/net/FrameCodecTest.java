package io.chordmr.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static final int MAX = 1024;

    private static ByteBuf encode(Frame f) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameEncoder());
        ch.writeOutbound(f);
        return ch.readOutbound();
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
