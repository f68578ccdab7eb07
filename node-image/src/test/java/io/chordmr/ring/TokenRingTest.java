package io.chordmr.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.chordmr.net.Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TokenRingTest {

    private static NodeRef member(int i) {
        return NodeRef.of("ring-" + i, new Address("10.0.0." + (i + 1), 7400));
    }

    private static Map<NodeRef, Integer> members(int n, int tokens) {
        Map<NodeRef, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(member(i), tokens);
        }
        return m;
    }

    /** The replicas the slow way: every position in a TreeMap, walked clockwise from the key, each member once. */
    private static List<NodeRef> walked(Map<NodeRef, Integer> members, long key, int rf) {
        TreeMap<Long, NodeRef> ring = new TreeMap<>(Long::compareUnsigned);
        members.forEach((n, t) -> {
            for (int v = 0; v < t; v++) {
                ring.put(t == 1 ? n.id() : NodeId.hash(n.name() + "#" + v), n);
            }
        });
        Set<NodeRef> out = new LinkedHashSet<>();
        Map.Entry<Long, NodeRef> e = ring.ceilingEntry(key);
        while (out.size() < Math.min(rf, members.size())) {
            e = e == null ? ring.firstEntry() : e;
            out.add(e.getValue());
            e = ring.higherEntry(e.getKey());
        }
        return new ArrayList<>(out);
    }

    @Test
    void replicasAreTheDistinctMembersOfTheNextTokensClockwise() {
        for (int[] c : new int[][] {{1, 1}, {3, 1}, {10, 1}, {3, 64}, {10, 64}, {7, 5}}) {
            Map<NodeRef, Integer> m = members(c[0], c[1]);
            TokenRing ring = TokenRing.of(m);
            for (int k = 0; k < 2000; k++) {
                long key = NodeId.hash("data/" + k);
                assertThat(ring.replicas(key, 3)).as("N=%d tokens=%d key %d", c[0], c[1], k).isEqualTo(walked(m, key, 3));
            }
        }
    }

    @Test
    void aMixedRingPlacesEachMemberByItsOwnCount() {
        Map<NodeRef, Integer> m = members(6, 64);
        m.put(member(1), 1);
        m.put(member(4), 16);
        TokenRing ring = TokenRing.of(m);
        for (int k = 0; k < 2000; k++) {
            long key = NodeId.hash("mixed/" + k);
            assertThat(ring.replicas(key, 2)).isEqualTo(walked(m, key, 2));
        }
    }

    @Test
    void aKeyAtATokenBelongsToThatToken() {
        Map<NodeRef, Integer> m = members(5, 1);
        TokenRing ring = TokenRing.of(m);
        for (NodeRef n : m.keySet()) {
            assertThat(ring.replicas(n.id(), 1)).containsExactly(n);
        }
    }

    @Test
    void thePreferenceListSkipsAvoidedMembersAndStopsAtTheMax() {
        TokenRing ring = TokenRing.of(members(8, 64));
        long key = NodeId.hash("data/1");
        List<NodeRef> all = ring.preferenceList(key, Set.of(), 100);
        assertThat(all).hasSize(8).doesNotHaveDuplicates();
        List<NodeRef> avoiding = ring.preferenceList(key, Set.of(all.get(0).id(), all.get(2).id()), 3);
        assertThat(avoiding).containsExactly(all.get(1), all.get(3), all.get(4));
        assertThat(ring.without(all.get(0)).replicas(key, 2)).containsExactly(all.get(1), all.get(2));
        assertThat(ring.without(all.get(0)).with(all.get(0), 64).replicas(key, 2)).containsExactly(all.get(0), all.get(1));
        assertThat(TokenRing.of(Map.of()).preferenceList(key, Set.of(), 3)).isEmpty();
    }

    @Test
    void primarySharesCoverTheRingAndEvenOutWithMoreTokens() {
        for (int tokens : new int[] {1, 64}) {
            Map<NodeRef, Double> shares = TokenRing.of(members(10, tokens)).primaryShares();
            assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        }
        double oneToken = TokenRing.of(members(10, 1)).primaryShares().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double many = TokenRing.of(members(10, 64)).primaryShares().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(many).isLessThan(oneToken).isLessThan(0.13);
        assertThat(TokenRing.of(members(1, 1)).primaryShares()).containsEntry(member(0), 1.0);
    }

    @Test
    void tokenCountsOutsideTheRangeAreRefused() {
        assertThatThrownBy(() -> TokenRing.positions("ring-0", 0)).hasMessageContaining("tokens 0 is outside 1..1024");
        assertThatThrownBy(() -> RingConfig.DEFAULTS.withTokens(5000)).hasMessageContaining("tokens 5000 is outside 1..1024");
    }

    @Test
    void aStateFromANodeBeforeVirtualNodesReadsAsOneToken() {
        RingState now = new RingState(member(0), true, member(1), List.of(member(2)), 64);
        assertThat(RingState.decode(now.encode())).isEqualTo(now);
        byte[] withCount = now.encode();
        byte[] without = java.util.Arrays.copyOf(withCount, withCount.length - 4);
        assertThat(RingState.decode(without).tokens()).isEqualTo(1);
        assertThat(RingState.decode(without).successors()).containsExactly(member(2));
    }

    @Test
    void theArcsCoverTheRingInOrderAndEachHoldsTheReplicasOfEveryKeyInIt() {
        java.util.Random random = new java.util.Random(7);
        for (int[] c : new int[][] {{1, 1}, {1, 64}, {2, 1}, {3, 64}, {10, 64}, {7, 5}}) {
            Map<NodeRef, Integer> m = members(c[0], c[1]);
            List<TokenRing.Arc> arcs = TokenRing.of(m).arcs(3);
            assertThat(arcs.get(0).first()).isZero();
            assertThat(arcs.get(arcs.size() - 1).last()).isEqualTo(-1L);
            for (int i = 1; i < arcs.size(); i++) {
                assertThat(arcs.get(i).first()).as("arc %d starts where %d ends", i, i - 1).isEqualTo(arcs.get(i - 1).last() + 1);
            }
            for (TokenRing.Arc a : arcs) {
                assertThat(Long.compareUnsigned(a.first(), a.last())).isLessThanOrEqualTo(0);
                long width = a.last() - a.first();
                long inside = a.first() + (width == -1L ? random.nextLong() : Long.remainderUnsigned(random.nextLong(), width + 1));
                for (long key : new long[] {a.first(), a.last(), inside}) {
                    assertThat(a.replicas()).as("%d members of %d tokens, key %s", c[0], c[1], Long.toUnsignedString(key))
                            .isEqualTo(walked(m, key, 3));
                }
            }
        }
    }
}
