package io.chordmr.engine.coord;

import io.chordmr.engine.context.EngineContext;
import io.chordmr.net.Address;
import io.chordmr.ring.RingMessageType;

/** A node is alive when it answers the ring's ping within the ring's request time-out. */
final class PingLiveness implements AttemptWatch.Liveness {

    private final EngineContext ctx;

    PingLiveness(EngineContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public boolean answers(Address node) {
        try {
            ctx.transport().request(node, RingMessageType.PING, new byte[0], ctx.ring().config().requestTimeout()).join();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
