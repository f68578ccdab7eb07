package io.chordmr.ring;

import io.chordmr.net.Address;
import io.chordmr.net.MessageType;
import io.chordmr.net.BodyReader;
import io.chordmr.net.BodyWriter;
import io.chordmr.net.PeerUnreachableException;
import io.chordmr.net.Replies;
import io.chordmr.net.Transport;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/** Blocking calls of the ring protocol, for maintenance threads (never an event loop). */
final class RingClient {

    /** One routing answer: either the key's successor, or a node closer to the key. */
    record Step(boolean done, NodeRef node) {
    }

    private final Transport transport;
    private final Duration timeout;

    RingClient(Transport transport, Duration timeout) {
        this.transport = transport;
        this.timeout = timeout;
    }

    RingState getState(Address to) {
        return RingState.decode(call(to, RingMessageType.GET_STATE, new byte[0]));
    }

    boolean ping(Address to) {
        try {
            call(to, RingMessageType.PING, new byte[0]);
            return true;
        } catch (PeerUnreachableException e) {
            return false;
        }
    }

    Step findStep(Address to, long key, Collection<Long> avoid) {
        return decodeStep(call(to, RingMessageType.FIND_STEP, encodeFindStep(key, avoid)));
    }

    /** Fire and forget: a lost notify is repeated by the next stabilize. */
    void notifyAsync(Address to, NodeRef self) {
        BodyWriter w = new BodyWriter(64);
        self.writeTo(w);
        transport.request(to, RingMessageType.NOTIFY, w.toByteArray(), timeout);
    }

    CompletableFuture<byte[]> leaveAsync(Address to, RingState leaving) {
        return transport.request(to, RingMessageType.LEAVE, leaving.encode(), timeout);
    }

    static byte[] encodeFindStep(long key, Collection<Long> avoid) {
        BodyWriter w = new BodyWriter(16 + 8 * avoid.size()).writeLong(key).writeInt(avoid.size());
        avoid.forEach(w::writeLong);
        return w.toByteArray();
    }

    static byte[] encodeStep(Step s) {
        BodyWriter w = new BodyWriter(64).writeBoolean(s.done());
        s.node().writeTo(w);
        return w.toByteArray();
    }

    static Step decodeStep(byte[] body) {
        BodyReader r = new BodyReader(body);
        boolean done = r.readBoolean();
        return new Step(done, NodeRef.readFrom(r));
    }

    private byte[] call(Address to, MessageType type, byte[] body) {
        return Replies.await(transport.request(to, type, body, timeout), to);
    }
}
