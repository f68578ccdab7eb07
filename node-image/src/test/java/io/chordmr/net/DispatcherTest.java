package io.chordmr.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private enum Test1 implements MessageType {
        ECHO(50), CLASH(50), RESERVED(2);

        private final int code;

        Test1(int code) {
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    @Test
    void routesByCodeAndReportsWhatItServed() {
        Dispatcher d = new Dispatcher().register(Test1.ECHO, CompletableFuture::completedFuture);
        List<String> served = new ArrayList<>();
        d.observe((type, nanos, ok) -> served.add(type.name() + ":" + ok));
        assertThat(d.dispatch(50, new byte[] {7}).join()).containsExactly(7);
        assertThat(served).containsExactly("ECHO:true");
        assertThat(d.nameOf(50)).isEqualTo("ECHO");
        assertThat(d.nameOf(51)).isEqualTo("type 51");
    }

    @Test
    void aCodeNobodyServesIsUnsupported() {
        assertThatThrownBy(() -> new Dispatcher().dispatch(99, new byte[0]).join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RequestException.class).hasMessageContaining("no handler for message type 99")
                .extracting(e -> ((RequestException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED);
    }

    @Test
    void aBufferHandlerGetsTheBodysOwnBuffersAndAnArrayHandlerACopyOfThem() {
        List<ByteBuf> seen = new ArrayList<>();
        Dispatcher d = new Dispatcher().registerBuffers(Test1.ECHO, b -> {
            seen.add(b);
            byte[] out = ByteBufUtil.getBytes(b);
            b.release();
            return CompletableFuture.completedFuture(out);
        });
        ByteBuf body = Unpooled.directBuffer().writeBytes(new byte[] {1, 2});
        assertThat(d.dispatch(50, body).join()).containsExactly(1, 2);
        assertThat(seen).singleElement().isSameAs(body);
        assertThat(d.dispatch(50, new byte[] {3}).join()).as("an array body, as in memory").containsExactly(3);

        Dispatcher arrays = new Dispatcher().register(Test1.ECHO, CompletableFuture::completedFuture);
        ByteBuf other = Unpooled.directBuffer().writeBytes(new byte[] {4});
        assertThat(arrays.dispatch(50, other).join()).containsExactly(4);
        assertThat(other.refCnt()).as("copied, then freed").isZero();
        ByteBuf unserved = Unpooled.directBuffer().writeBytes(new byte[] {5});
        assertThatThrownBy(() -> arrays.dispatch(99, unserved).join()).hasCauseInstanceOf(RequestException.class);
        assertThat(unserved.refCnt()).isZero();
    }

    @Test
    void twoTypesCannotClaimOneCode() {
        Dispatcher d = new Dispatcher().register(Test1.ECHO, CompletableFuture::completedFuture);
        assertThatThrownBy(() -> d.register(Test1.CLASH, CompletableFuture::completedFuture))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("code 50 is claimed by both ECHO and CLASH");
        assertThatThrownBy(() -> d.register(Test1.RESERVED, CompletableFuture::completedFuture))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the request codes");
    }
}
