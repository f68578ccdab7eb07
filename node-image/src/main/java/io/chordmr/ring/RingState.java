package io.chordmr.ring;

import io.chordmr.net.BodyReader;
import io.chordmr.net.BodyWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node reports about itself: membership, predecessor, successor list, and how many
 * positions (tokens) it holds on the ring for keys.
 */
public record RingState(NodeRef self, boolean member, NodeRef predecessor, List<NodeRef> successors, int tokens) {

    byte[] encode() {
        BodyWriter w = new BodyWriter(68 + 48 * successors.size());
        self.writeTo(w);
        w.writeBoolean(member);
        w.writeBoolean(predecessor != null);
        if (predecessor != null) {
            predecessor.writeTo(w);
        }
        w.writeInt(successors.size());
        successors.forEach(s -> s.writeTo(w));
        // Last, so that a node of the release before virtual nodes reads the rest and ignores it.
        w.writeInt(tokens);
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
        // A node of the release before virtual nodes sends no count: it sits at one position.
        int tokens = r.hasMore() ? r.readInt() : 1;
        if (tokens < 1 || tokens > TokenRing.MAX_TOKENS) {
            // Senders check the count at start-up; a peer that sends another is placed as Chord would.
            tokens = 1;
        }
        return new RingState(self, member, pred, List.copyOf(succ), tokens);
    }

    /** The first successor, or this node itself when it is alone. */
    public NodeRef successor() {
        return successors.isEmpty() ? self : successors.get(0);
    }
}
