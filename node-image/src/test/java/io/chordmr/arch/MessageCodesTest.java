package io.chordmr.arch;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.engine.message.EngineMessageType;
import io.chordmr.net.Dispatcher;
import io.chordmr.ring.RingMessageType;
import io.chordmr.store.StoreMessageType;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each layer owns its message codes; a node's one dispatcher serves them all, so no two may share a code. */
class MessageCodesTest {

    @Test
    void theLayersCodesAreDistinct() {
        Dispatcher d = new Dispatcher();
        Stream.of(RingMessageType.values(), StoreMessageType.values(), EngineMessageType.values()).flatMap(Stream::of)
                .forEach(t -> d.register(t, CompletableFuture::completedFuture));
        assertThat(d.nameOf(RingMessageType.PING.code())).isEqualTo("PING");
        assertThat(d.nameOf(StoreMessageType.STORE_GET.code())).isEqualTo("STORE_GET");
        assertThat(d.nameOf(EngineMessageType.TASK_DONE.code())).isEqualTo("TASK_DONE");
    }
}
