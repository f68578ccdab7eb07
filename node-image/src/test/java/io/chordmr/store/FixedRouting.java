package io.chordmr.store;

import io.chordmr.ring.Membership;
import io.chordmr.ring.NodeRef;
import io.chordmr.ring.RingListener;
import io.chordmr.ring.RingState;
import io.chordmr.ring.TokenRing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A ring fixed by hand: members in ring order, and for chosen key hashes the preference list; the others get the member list. */
final class FixedRouting implements Membership {

    private final NodeRef self;
    private final List<NodeRef> members;
    private final Map<Long, List<NodeRef>> byKeyHash;
    private final Map<Long, List<NodeRef>> formerByKeyHash;
    private volatile long layoutChangedAt;

    FixedRouting(NodeRef self, List<NodeRef> members, Map<Long, List<NodeRef>> byKeyHash) {
        this(self, members, byKeyHash, Map.of());
    }

    /** @param formerByKeyHash where chosen keys lived under the layout before virtual nodes */
    FixedRouting(NodeRef self, List<NodeRef> members, Map<Long, List<NodeRef>> byKeyHash, Map<Long, List<NodeRef>> formerByKeyHash) {
        this.self = self;
        this.members = members;
        this.byKeyHash = byKeyHash;
        this.formerByKeyHash = formerByKeyHash;
    }

    @Override
    public NodeRef self() {
        return self;
    }

    @Override
    public List<NodeRef> preferenceList(long key, Set<Long> avoid) {
        List<NodeRef> out = new ArrayList<>(byKeyHash.getOrDefault(key, members));
        out.removeIf(n -> avoid.contains(n.id()));
        return out;
    }

    /** As if this node's view of the layout changed at that wall-clock time. */
    void layoutChangedAt(long millis) {
        layoutChangedAt = millis;
    }

    @Override
    public long layoutChangedAtMillis() {
        return layoutChangedAt;
    }

    @Override
    public List<NodeRef> formerPreferenceList(long key) {
        return formerByKeyHash.getOrDefault(key, List.of());
    }

    @Override
    public List<NodeRef> members(int max) {
        return members.subList(0, Math.min(max, members.size()));
    }

    @Override
    public boolean isMember() {
        return true;
    }

    /** The members after this one, in ring order, as its successors; the one before as its predecessor. */
    @Override
    public RingState state() {
        int i = members.indexOf(self);
        List<NodeRef> successors = new ArrayList<>();
        for (int k = 1; k < members.size(); k++) {
            successors.add(members.get((i + k) % members.size()));
        }
        NodeRef predecessor = members.size() < 2 ? null : members.get((i + members.size() - 1) % members.size());
        return new RingState(self, true, predecessor, successors, 1);
    }

    /** The members at one position each, Chord's placement, for the keys no preference list was fixed for. */
    @Override
    public TokenRing placement() {
        return TokenRing.singleToken(members);
    }

    @Override
    public TokenRing renewPlacement() {
        return placement();
    }

    @Override
    public int tokensOf(NodeRef n) {
        return 1;
    }

    @Override
    public void addListener(RingListener listener) {
        // a fixed ring never changes
    }
}
