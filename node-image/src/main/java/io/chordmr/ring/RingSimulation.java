package io.chordmr.ring;

import io.chordmr.net.Address;
import io.chordmr.net.Dispatcher;
import io.chordmr.net.InMemoryNetwork;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Thousands of Chord nodes in one JVM on an {@link InMemoryNetwork}, driven round by round from
 * one thread with a fixed seed, so routing and failure recovery can be measured against the
 * Chord paper. Ground truth is the sorted set of live ids.
 */
public final class RingSimulation {

    /** Outcome of a batch of lookups. */
    public record LookupStats(int lookups, int correct, double meanHops) {
        public double successShare() {
            return lookups == 0 ? 0 : (double) correct / lookups;
        }
    }

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final RingConfig config;
    private final Random random;
    private final TreeMap<Long, RingMember> live = new TreeMap<>(Long::compareUnsigned);
    private int created;

    public RingSimulation(long seed, RingConfig config) {
        this.random = new Random(seed);
        this.config = config;
    }

    public int size() {
        return live.size();
    }

    /** Adds {@code n} nodes in batches, each joining through a random member, stabilizing after each batch. */
    public void grow(int n) {
        int target = live.size() + n;
        if (live.isEmpty()) {
            newNode().create();
        }
        while (live.size() < target) {
            int batch = Math.min(target - live.size(), Math.max(1, live.size() / 4));
            List<RingMember> members = new ArrayList<>(live.values());
            for (int i = 0; i < batch; i++) {
                RingMember joiner = newNode();
                RingMember via = members.get(random.nextInt(members.size()));
                if (!joiner.join(List.of(via.self().address()))) {
                    throw new IllegalStateException("node " + joiner.self() + " could not join via " + via.self());
                }
            }
            stabilizeUntilConverged(10 * live.size());
            fixAllFingers();
        }
    }

    private RingMember newNode() {
        int i = created++;
        Address a = new Address("sim", i + 1);
        NodeRef ref = NodeRef.of("sim-" + i, a);
        Dispatcher d = new Dispatcher();
        RingMember node = new RingMember(ref, config, network.attach(a, d), Runnable::run);
        node.registerWith(d);
        live.put(ref.id(), node);
        return node;
    }

    /** Runs stabilize and check-predecessor on every live node until every pointer is right. */
    public int stabilizeUntilConverged(int maxRounds) {
        for (int round = 1; round <= maxRounds; round++) {
            for (RingMember n : new ArrayList<>(live.values())) {
                n.checkPredecessor();
                n.stabilize();
            }
            if (converged()) {
                return round;
            }
        }
        throw new IllegalStateException("ring of " + live.size() + " did not converge in " + maxRounds + " rounds");
    }

    /** Refreshes every finger of every live node. */
    public void fixAllFingers() {
        for (RingMember n : live.values()) {
            for (int i = 0; i < 64; i++) {
                n.fixNextFinger();
            }
        }
    }

    /** Whether every live node's predecessor and successor list match the sorted live ids. */
    public boolean converged() {
        List<RingMember> ring = new ArrayList<>(live.values());
        int size = ring.size();
        int r = Math.min(config.successorListLength(), size - 1);
        for (int i = 0; i < size; i++) {
            RingState st = ring.get(i).state();
            List<NodeRef> expected = new ArrayList<>();
            for (int k = 1; k <= r; k++) {
                expected.add(ring.get((i + k) % size).self());
            }
            NodeRef pred = size == 1 ? null : ring.get((i - 1 + size) % size).self();
            if (!st.successors().equals(expected) || (pred != null && !pred.equals(st.predecessor()))) {
                return false;
            }
        }
        return true;
    }

    /** Kills a share of the live nodes at once, chosen at random. */
    public void fail(double share) {
        List<RingMember> all = new ArrayList<>(live.values());
        java.util.Collections.shuffle(all, random);
        int kill = (int) Math.round(all.size() * share);
        for (RingMember n : all.subList(0, kill)) {
            network.kill(n.self().address());
            live.remove(n.self().id());
        }
    }

    /** Looks up random keys from random live nodes and checks each answer against the truth. */
    public LookupStats lookups(int count) {
        List<RingMember> nodes = new ArrayList<>(live.values());
        long hops = 0;
        int correct = 0;
        for (int i = 0; i < count; i++) {
            RingMember from = nodes.get(random.nextInt(nodes.size()));
            long key = random.nextLong();
            try {
                LookupResult res = from.lookup(key);
                hops += res.hops();
                if (res.node().id() == trueSuccessor(key)) {
                    correct++;
                }
            } catch (LookupException e) {
                // counted as a failed lookup
            }
        }
        return new LookupStats(count, correct, count == 0 ? 0 : (double) hops / count);
    }

    private long trueSuccessor(long key) {
        Long k = live.ceilingKey(key);
        return k != null ? k : live.firstKey();
    }

    /** The live nodes in ring order. */
    public List<RingMember> nodes() {
        List<RingMember> out = new ArrayList<>(live.values());
        out.sort(Comparator.comparing(n -> n.self().id(), Long::compareUnsigned));
        return out;
    }
}
