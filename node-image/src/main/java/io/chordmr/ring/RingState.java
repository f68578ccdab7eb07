package io.chordmr.ring;

import io.chordmr.net.BodyReader;
import io.chordmr.net.BodyWriter;
import java.util.ArrayList;
import java.util.List;

/** What a node reports about itself: membership, predecessor and successor list. */
public record RingState(NodeRef self, boolean member, NodeRef predecessor, List<NodeRef> successors) {

    byte[] encode() {
        BodyWriter w = new BodyWriter(64 + 48 * successors.size());
        self.writeTo(w);
        w.writeBoolean(member);
        w.writeBoolean(predecessor != null);
        if (predecessor != null) {
            predecessor.writeTo(w);
        }
        w.writeInt(successors.size());
        successors.forEach(s -> s.writeTo(w));
        return w.toByteArray();
    }

    static RingState decode(byte[] body) {
        BodyReader r = new BodyReader(body);
        NodeRef self = NodeRef.readFrom(r);
        boolean member = r.readBoolean();
        NodeRef pred = r.readBoolean() ? NodeRef.readFrom(r) : null;
        int n = r.readInt();
        List<NodeRef> succ = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            succ.add(NodeRef.readFrom(r));
        }
        return new RingState(self, member, pred, List.copyOf(succ));
    }

    /** The first successor, or this node itself when it is alone. */
    public NodeRef successor() {
        return successors.isEmpty() ? self : successors.get(0);
    }
}
