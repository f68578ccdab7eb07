package io.chordmr.ring;

import io.chordmr.net.PeerUnreachableException;
import io.chordmr.net.RemoteException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The members one node can see, with their states: a walk once around the ring along successor lists, in ring
 * order starting with this node. A member that does not answer is stepped over using the last
 * successor list that did.
 */
final class MembershipWalk {

    private final RingClient client;
    private final java.util.concurrent.atomic.AtomicInteger walks = new java.util.concurrent.atomic.AtomicInteger();

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

    /**
     * The members with their token counts, in ring order from this node, read from successor
     * lists: each member asked gives the next ones in its list, and the walk asks only the
     * furthest of them that answers, so a ring of N with lists of L costs about N / L requests, not
     * N. The members named in between are taken on their neighbours' word (stabilization drops a
     * dead one from the lists within a second). A member whose token count is not in
     * {@code knownTokens} is asked once; one that does not answer then is left out.
     */
    Map<NodeRef, Integer> members(RingState local, int max, Map<Long, Integer> knownTokens) {
        NodeRef self = local.self();
        Map<NodeRef, Integer> out = new LinkedHashMap<>();
        out.put(self, local.tokens());
        Set<Long> seen = new HashSet<>(Set.of(self.id()));
        Set<NodeRef> asked = new HashSet<>(Set.of(self));
        RingState at = local;
        while (out.size() < max) {
            List<NodeRef> list = at.successors();
            boolean round = false;
            for (NodeRef n : list) {
                if (n.id() == self.id()) {
                    round = true;
                    break;
                }
                if (seen.add(n.id())) {
                    out.put(n, knownTokens.getOrDefault(n.id(), UNKNOWN));
                }
            }
            if (round || list.isEmpty()) {
                break;
            }
            RingState next = null;
            for (int i = list.size() - 1; i >= 0 && next == null; i--) {
                next = stateOrNull(list.get(i));
                if (next == null) {
                    out.remove(list.get(i)); // asked and silent: not taken on anyone's word
                }
            }
            if (next == null || asked.contains(next.self())) {
                break; // nobody further answers, or the lists lead round a ring without this node
            }
            out.put(next.self(), next.tokens());
            knownTokens.put(next.self().id(), next.tokens());
            asked.add(next.self());
            at = next;
        }
        // One member taken on its neighbours' word is asked each walk, in turn, so that a token count
        // that changed (a node restarted with other settings) is seen within N walks.
        List<NodeRef> named = new ArrayList<>(out.keySet());
        named.removeAll(asked);
        if (!named.isEmpty()) {
            NodeRef check = named.get(Math.floorMod(walks.getAndIncrement(), named.size()));
            out.put(check, UNKNOWN);
        }
        for (var it = out.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<NodeRef, Integer> e = it.next();
            if (e.getValue() == UNKNOWN) {
                RingState st = stateOrNull(e.getKey());
                if (st == null) {
                    it.remove();
                } else {
                    e.setValue(st.tokens());
                    knownTokens.put(st.self().id(), st.tokens());
                }
            }
        }
        return out;
    }

    private static final int UNKNOWN = -1;

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
