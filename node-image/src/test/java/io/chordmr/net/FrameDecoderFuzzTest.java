package io.chordmr.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Any bytes on the ring port: each frame the decoder yields re-encodes to exactly the bytes it
 * consumed, and anything else is refused with the two errors the handler closes on, never another
 * exception and never a frame made up. The default test run replays the inputs in
 * FrameDecoderFuzzTestInputs; {@code -Pfuzz} fuzzes (see node-image/pom.xml).
 */
class FrameDecoderFuzzTest {

    private static final int MAX = 1 << 16;

    @FuzzTest(maxDuration = "10m")
    void framesRoundTripAndEverythingElseIsRefusedCleanly(byte[] data) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        ByteBuf all = Unpooled.wrappedBuffer(data);
        try {
            refusedOr(() -> ch.writeInbound(all.retainedDuplicate()));
            int consumed = 0;
            for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
                EmbeddedChannel enc = new EmbeddedChannel(new FrameEncoder());
                enc.writeOutbound(o);
                ByteBuf again = Unpooled.compositeBuffer(Integer.MAX_VALUE);
                for (ByteBuf b = enc.readOutbound(); b != null; b = enc.readOutbound()) {
                    ((io.netty.buffer.CompositeByteBuf) again).addComponent(true, b);
                }
                byte[] expected = ByteBufUtil.getBytes(all, consumed, again.readableBytes());
                assertThat(ByteBufUtil.getBytes(again)).as("frame %s re-encoded", o).isEqualTo(expected);
                consumed += again.readableBytes();
                again.release();
                enc.finishAndReleaseAll();
            }
        } finally {
            // Closing decodes what is left once more, as a connection closed after a refusal does.
            refusedOr(ch::finishAndReleaseAll);
            all.release();
        }
    }

    /** Runs the step; a refusal the ring handler closes the connection on is an expected outcome, any other exception a finding. */
    private static void refusedOr(Runnable step) {
        try {
            step.run();
        } catch (CorruptedFrameException | TooLongFrameException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
