package io.chordmr.ring;

import io.chordmr.net.Address;
import io.chordmr.net.Dispatcher;
import io.chordmr.net.InMemoryNetwork;
import java.util.ArrayList;
import java.util.Collections;
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
    public record LookupStats(int lookups, int correct, double meanHops, double meanTimeouts) {
        public double successShare() {
            return lookups == 0 ? 0 : (double) correct / lookups;
        }
    }

    /** One simulated second of churn: the ring's size at its end, what joined and failed, and the lookups made meanwhile. */
    public record ChurnSecond(int second, int size, int joins, int failures, LookupStats lookups) {
    }

    /** How often each node runs its maintenance in simulated time, and how many lookups a second measure the ring. */
    public record ChurnSettings(double ratePerThousand, int seconds, int stabilizePerSecond, int fingersPerSecond, int lookupsPerSecond) {
    }

    /** Slices a simulated second is cut into: churn, maintenance and lookups interleave at this grain. */
    private static final int SLICES = 10;

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

    /** How many requests the node has sent so far. */
    public long requestsSent(RingMember n) {
        return network.requestsSent(n.self().address());
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

    /**
     * A second ring of {@code n} nodes on the same network, formed apart from the first, as the two
     * sides of a partition do; each of its nodes and each of the first ring's is given one seed on
     * the other side (as their join peers would be), so {@link #healUntilConverged} can join them.
     */
    public void growSecondRing(int n) {
        List<RingMember> first = new ArrayList<>(live.values());
        RingMember start = newNode();
        start.create();
        List<RingMember> second = new ArrayList<>(List.of(start));
        for (int i = 1; i < n; i++) {
            RingMember joiner = newNode();
            if (!joiner.join(List.of(second.get(random.nextInt(second.size())).self().address()))) {
                throw new IllegalStateException("node " + joiner.self() + " could not join the second ring");
            }
            second.add(joiner);
            for (int round = 0; round < 3; round++) {
                second.forEach(x -> {
                    x.checkPredecessor();
                    x.stabilize();
                });
            }
        }
        second.forEach(x -> x.addSeeds(List.of(first.get(random.nextInt(first.size())).self().address())));
        first.forEach(x -> x.addSeeds(List.of(second.get(random.nextInt(second.size())).self().address())));
    }

    /** Rounds of heal, stabilize and check-predecessor on every node until the one ring is right; the rounds it took. */
    public int healUntilConverged(int maxRounds) {
        for (int round = 1; round <= maxRounds; round++) {
            for (RingMember n : new ArrayList<>(live.values())) {
                n.heal();
                n.checkPredecessor();
                n.stabilize();
            }
            if (converged()) {
                return round;
            }
        }
        throw new IllegalStateException("two rings of " + live.size() + " nodes in all did not merge in " + maxRounds + " rounds");
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
        fixFingers(64);
    }

    /** Each live node runs fix-fingers {@code rounds} times (a real node's second is ten). */
    public void fixFingers(int rounds) {
        for (RingMember n : live.values()) {
            for (int i = 0; i < rounds; i++) {
                n.fixNextFinger();
            }
        }
    }

    /** Whether every live node's predecessor and successor list match the sorted live ids. */
    public boolean converged() {
        List<RingMember> ring = new ArrayList<>(live.values());
        int size = ring.size();
        for (int i = 0; i < size; i++) {
            int r = Math.min(ring.get(i).successorListLength(), size - 1);
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
        Collections.shuffle(all, random);
        int kill = (int) Math.round(all.size() * share);
        for (RingMember n : all.subList(0, kill)) {
            network.kill(n.self().address());
            live.remove(n.self().id());
        }
    }

    /**
     * Churn while lookups run: every simulated second, {@code ratePerThousand} nodes per thousand
     * join (each through a random member) and as many fail, at moments spread over the second;
     * each node checks its predecessor and stabilizes {@code stabilizePerSecond} times and fixes
     * {@code fingersPerSecond} fingers, at its own moments; lookups from random members are checked
     * against the live ids of the moment they are made (a node that just joined is already the
     * right answer for its keys, as the Chord paper counts).
     */
    public List<ChurnSecond> churn(ChurnSettings c) {
        List<ChurnSecond> out = new ArrayList<>();
        double joinsDue = 0;
        double failuresDue = 0;
        for (int second = 1; second <= c.seconds(); second++) {
            int joins = 0;
            int failures = 0;
            long hops = 0;
            long timeouts = 0;
            int correct = 0;
            int asked = 0;
            for (int slice = 0; slice < SLICES; slice++) {
                double events = c.ratePerThousand() * live.size() / 1000.0 / SLICES;
                joinsDue += events;
                failuresDue += events;
                for (; joinsDue >= 1; joinsDue--) {
                    joins += joinOne() ? 1 : 0;
                }
                for (; failuresDue >= 1 && live.size() > 2; failuresDue--) {
                    failOne();
                    failures++;
                }
                maintain(c, slice);
                int lookups = c.lookupsPerSecond() / SLICES;
                LookupStats s = lookups(lookups);
                asked += s.lookups();
                correct += s.correct();
                hops += Math.round(s.meanHops() * s.lookups());
                timeouts += Math.round(s.meanTimeouts() * s.lookups());
            }
            out.add(new ChurnSecond(second, live.size(), joins, failures, new LookupStats(asked, correct, asked == 0 ? 0 : (double) hops / asked,
                    asked == 0 ? 0 : (double) timeouts / asked)));
        }
        return out;
    }

    /** A new node joins through a random member; false when its join lookup failed (it is then dropped). */
    private boolean joinOne() {
        List<RingMember> members = new ArrayList<>(live.values());
        RingMember via = members.get(random.nextInt(members.size()));
        RingMember joiner = newNode();
        if (joiner.join(List.of(via.self().address()))) {
            return true;
        }
        network.kill(joiner.self().address());
        live.remove(joiner.self().id());
        return false;
    }

    private void failOne() {
        List<RingMember> members = new ArrayList<>(live.values());
        RingMember victim = members.get(random.nextInt(members.size()));
        network.kill(victim.self().address());
        live.remove(victim.self().id());
    }

    /** This slice's share of the second's maintenance: each node runs in the slices its id's hash picks. */
    private void maintain(ChurnSettings c, int slice) {
        for (RingMember n : new ArrayList<>(live.values())) {
            if (!live.containsKey(n.self().id())) {
                continue;
            }
            long h = n.self().id() * 0x9E3779B97F4A7C15L;
            int phase = (int) Long.remainderUnsigned(h, SLICES);
            for (int k = 0; k < c.stabilizePerSecond(); k++) {
                if ((phase + k * SLICES / Math.max(1, c.stabilizePerSecond())) % SLICES == slice) {
                    n.checkPredecessor();
                    n.stabilize();
                }
            }
            for (int k = 0; k < c.fingersPerSecond(); k++) {
                if ((phase + k * SLICES / Math.max(1, c.fingersPerSecond())) % SLICES == slice) {
                    n.fixNextFinger();
                }
            }
        }
    }

    /** Looks up random keys from random live nodes and checks each answer against the truth. */
    public LookupStats lookups(int count) {
        List<RingMember> nodes = new ArrayList<>(live.values());
        long hops = 0;
        long timeouts = 0;
        int correct = 0;
        for (int i = 0; i < count; i++) {
            RingMember from = nodes.get(random.nextInt(nodes.size()));
            long key = random.nextLong();
            try {
                LookupResult res = from.lookup(key);
                hops += res.hops();
                timeouts += res.timeouts();
                if (res.node().id() == trueSuccessor(key)) {
                    correct++;
                }
            } catch (LookupException e) {
                // counted as a failed lookup
            }
        }
        return new LookupStats(count, correct, count == 0 ? 0 : (double) hops / count, count == 0 ? 0 : (double) timeouts / count);
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
