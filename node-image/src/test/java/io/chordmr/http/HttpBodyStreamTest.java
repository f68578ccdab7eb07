package io.chordmr.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpBodyStreamTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();

    /** A content buffer as the HTTP codec hands it over: the stream retains it, the handler releases its own reference. */
    private static ByteBuf offered(HttpBodyStream s, byte[] bytes) {
        ByteBuf b = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        s.offer(b);
        b.release();
        return b;
    }

    @Test
    void readsTheBodyInOrderAndFreesEachBufferOnceRead() throws IOException {
        HttpBodyStream s = new HttpBodyStream(channel);
        byte[] body = new byte[300_000];
        new Random(1).nextBytes(body);
        List<ByteBuf> bufs = new ArrayList<>();
        for (int off = 0; off < body.length; off += 70_000) {
            bufs.add(offered(s, java.util.Arrays.copyOfRange(body, off, Math.min(body.length, off + 70_000))));
        }
        s.end();
        assertThat(bufs).allSatisfy(b -> assertThat(b.refCnt()).isEqualTo(1));
        assertThat(s.readAllBytes()).isEqualTo(body);
        assertThat(bufs).allSatisfy(b -> assertThat(b.refCnt()).as("read to the end, released").isZero());
        assertThat(s.read()).isEqualTo(-1);
        s.close();
    }

    @Test
    void handsOverTheSocketsBuffersThemselvesAfterAPartialRead() throws IOException {
        HttpBodyStream s = new HttpBodyStream(channel);
        byte[] mib = new byte[1 << 20];
        List<ByteBuf> bufs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            bufs.add(offered(s, mib));
        }
        s.end();
        assertThat(channel.config().isAutoRead()).as("9 MiB queued").isFalse();
        assertThat(s.read(new byte[10], 0, 10)).isEqualTo(10);
        ByteBuf rest = s.nextBuffer();
        assertThat(rest).as("the first buffer, not a copy").isSameAs(bufs.get(0));
        assertThat(rest.readableBytes()).as("what the read left").isEqualTo(mib.length - 10);
        List<ByteBuf> handed = new ArrayList<>(List.of(rest));
        for (ByteBuf b = s.nextBuffer(); b != null; b = s.nextBuffer()) {
            handed.add(b);
        }
        assertThat(handed).hasSize(9);
        assertThat(channel.config().isAutoRead()).as("nothing left queued").isTrue();
        assertThat(bufs).as("the caller's to release").allSatisfy(b -> assertThat(b.refCnt()).isEqualTo(1));
        handed.forEach(ByteBuf::release);
        assertThat(bufs).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        s.close();
    }

    @Test
    void closingBeforeTheEndFreesWhatWasNotReadAndWhatArrivesLater() throws IOException {
        HttpBodyStream s = new HttpBodyStream(channel);
        ByteBuf first = offered(s, new byte[] {1, 2, 3, 4});
        ByteBuf second = offered(s, new byte[] {5, 6});
        assertThat(s.read(new byte[2], 0, 2)).isEqualTo(2);
        s.close();
        assertThat(first.refCnt()).as("half read").isZero();
        assertThat(second.refCnt()).as("never read").isZero();
        ByteBuf late = offered(s, new byte[] {7});
        assertThat(late.refCnt()).as("offered after the reader left").isZero();
        assertThatThrownBy(() -> s.read(new byte[1], 0, 1)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void pausesTheSocketAboveTheHighWaterMarkAndResumesOnceReadOrClosed() throws IOException {
        HttpBodyStream s = new HttpBodyStream(channel);
        byte[] mib = new byte[1 << 20];
        for (int i = 0; i < 9; i++) {
            offered(s, mib);
        }
        assertThat(channel.config().isAutoRead()).as("9 MiB unread").isFalse();
        byte[] into = new byte[1 << 20];
        for (int i = 0; i < 7; i++) {
            assertThat(s.readNBytes(into, 0, into.length)).isEqualTo(into.length);
        }
        assertThat(channel.config().isAutoRead()).as("2 MiB left unread").isFalse();
        s.readNBytes(into, 0, into.length);
        assertThat(channel.config().isAutoRead()).as("1 MiB left").isTrue();

        HttpBodyStream refused = new HttpBodyStream(channel);
        for (int i = 0; i < 9; i++) {
            offered(refused, mib);
        }
        assertThat(channel.config().isAutoRead()).isFalse();
        refused.close();
        assertThat(channel.config().isAutoRead()).as("the rest of a refused body drains").isTrue();
    }

    @Test
    void aConnectionLostMidBodyIsAnError() {
        HttpBodyStream s = new HttpBodyStream(channel);
        offered(s, new byte[] {1});
        s.broken();
        assertThatThrownBy(s::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("closed the connection");
        s.close();
    }
}
