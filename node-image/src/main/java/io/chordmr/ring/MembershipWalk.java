package io.chordmr.ring;

import io.chordmr.net.PeerUnreachableException;
import io.chordmr.net.RemoteException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The members one node can see, with their states: a walk once around the ring along successor lists, in ring
 * order starting with this node. A member that does not answer is stepped over using the last
 * successor list that did.
 */
final class MembershipWalk {

    private final RingClient client;

    MembershipWalk(RingClient client) {
        this.client = client;
    }

    /** The members' states, this node's ({@code local}) first, at most {@code max}. */
    List<RingState> states(RingState local, int max) {
        NodeRef self = local.self();
        List<RingState> out = new ArrayList<>();
        out.add(local);
        Set<Long> seen = new HashSet<>(Set.of(self.id()));
        Deque<NodeRef> next = new ArrayDeque<>(local.successors());
        while (!next.isEmpty() && out.size() < max) {
            NodeRef n = next.poll();
            if (seen.contains(n.id())) {
                if (n.id() == self.id()) {
                    break;
                }
                continue;
            }
            RingState st = stateOrNull(n);
            if (st == null) {
                continue;
            }
            seen.add(n.id());
            out.add(st);
            next.clear();
            next.addAll(st.successors());
            next.add(self);
        }
        return out;
    }

    /** A member's state, or null when it does not answer or is no member. */
    RingState stateOrNull(NodeRef n) {
        try {
            RingState st = client.getState(n.address());
            return st.member() ? st : null;
        } catch (PeerUnreachableException | RemoteException e) {
            return null;
        }
    }
}
