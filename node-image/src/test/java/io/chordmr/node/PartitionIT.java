package io.chordmr.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chordmr.net.Address;
import io.chordmr.ring.NodeId;
import io.chordmr.ring.NodeRef;
import io.chordmr.ring.TokenRing;
import io.chordmr.store.ChunkStore;
import io.chordmr.store.StoredItem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A six-node ring on real sockets cut into 3 + 3: each half stabilizes into a ring of its own and
 * takes writes (new keys, overwrites, deletes, some of the same keys on both sides), then the cut
 * heals. The test keeps its own record of what the last operation on each key was and checks
 * every node's disk against it: one ring again, each live key on exactly its replica set at its
 * newest version, each deleted key live nowhere.
 */
class PartitionIT {

    private static final Logger log = LoggerFactory.getLogger(PartitionIT.class);
    private static final int RF = 3;
    /** The expected end state: a key's last value, or null for a key whose last operation deleted it. */
    private final Map<String, String> expected = new LinkedHashMap<>();

    private void write(ChordMrNode via, String key, String value) {
        via.store().writeNewest(new StoredItem(key, via.store().nextVersion(), false, value.getBytes(StandardCharsets.UTF_8)));
        expected.put(key, value);
    }

    private void delete(ChordMrNode via, String key) {
        via.store().delete(key);
        expected.put(key, null);
    }

    private static void cut(List<ChordMrNode> side, List<ChordMrNode> other) {
        Set<Address> far = other.stream().map(ChordMrNode::address).collect(Collectors.toSet());
        side.forEach(n -> n.transport().cutOff(far));
    }

    /** Every node of the side places keys over exactly the side's members. */
    private static boolean ringOf(List<ChordMrNode> side) {
        Set<NodeRef> members = side.stream().map(ChordMrNode::self).collect(Collectors.toSet());
        return side.stream().allMatch(n -> n.ring().isMember() && n.ring().placement().tokens().keySet().equals(members));
    }

    /** Why {@link #settled} last said no: the test's failure message, should the ring never settle. */
    private volatile String unsettled = "";

    /** Waits for {@link #settled}; on time-out, says which key was not where it belongs. */
    private void awaitSettled(List<ChordMrNode> nodes) {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> settled(nodes));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not settled within 60 s: " + unsettled, e);
        }
    }

    private boolean settled(List<ChordMrNode> nodes) {
        Map<NodeRef, Integer> members = new LinkedHashMap<>();
        nodes.forEach(n -> members.put(n.self(), n.config().ring().tokens()));
        TokenRing placement = TokenRing.of(members);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Set<NodeRef> replicas = new HashSet<>(placement.replicas(NodeId.hash(e.getKey()), RF));
            Set<NodeRef> live = new HashSet<>();
            Set<Long> versions = new HashSet<>();
            for (ChordMrNode n : nodes) {
                StoredItem item = n.store().local().get(e.getKey());
                if (item != null && !item.tombstone()) {
                    live.add(n.self());
                    versions.add(item.version());
                    if (!new String(item.data(), StandardCharsets.UTF_8).equals(e.getValue())) {
                        unsettled = e.getKey() + " holds \"" + new String(item.data(), StandardCharsets.UTF_8) + "\" (version "
                                + item.version() + ") on " + n.self().name() + ", expected \"" + e.getValue() + "\"";
                        return false;
                    }
                }
            }
            boolean right = e.getValue() == null ? live.isEmpty() : live.equals(replicas) && versions.size() == 1;
            if (!right) {
                unsettled = e.getKey() + (e.getValue() == null ? " (deleted)" : "") + " is live on " + names(live) + " at versions "
                        + versions + "; its replicas are " + names(replicas);
                return false;
            }
        }
        return true;
    }

    private static List<String> names(Set<NodeRef> nodes) {
        return nodes.stream().map(NodeRef::name).sorted().toList();
    }

    @Test
    void aRingCutInTwoAndWrittenOnBothSidesHealsIntoOneWithTheNewestOfEveryKeyOnItsReplicas() {
        try (TestRing ring = new TestRing().start(6)) {
            List<ChordMrNode> all = ring.nodes();
            List<ChordMrNode> a = all.subList(0, 3);
            List<ChordMrNode> b = all.subList(3, 6);
            for (int i = 0; i < 40; i++) {
                write(all.get(i % 6), "k/" + i, "before " + i);
            }
            awaitSettled(all);

            cut(a, b);
            cut(b, a);
            await().atMost(Duration.ofSeconds(60)).until(() -> ringOf(a) && ringOf(b));

            for (int i = 0; i < 10; i++) {
                write(a.get(i % 3), "k/" + i, "A overwrote " + i);
                write(a.get(i % 3), "a/" + i, "new on A " + i);
            }
            for (int i = 20; i < 25; i++) {
                delete(a.get(i % 3), "k/" + i);
            }
            write(b.get(0), "k/15", "B wrote, A deletes after");
            delete(a.get(1), "k/15");
            for (int i = 5; i < 15; i++) {
                write(b.get(i % 3), "k/" + i, "B overwrote " + i); // k/5..9: after A's overwrite, so B's wins
                write(b.get(i % 3), "b/" + i, "new on B " + i);
            }
            write(b.get(2), "k/22", "B wrote after A's delete");
            for (int i = 25; i < 30; i++) {
                delete(b.get(i % 3), "k/" + i);
            }

            long healing = System.nanoTime();
            a.forEach(n -> n.transport().cutOff(Set.of()));
            b.forEach(n -> n.transport().cutOff(Set.of()));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(ring::converged);
            long oneRing = System.nanoTime();
            awaitSettled(all);
            log.info("partition healed: one ring {} ms after the cut closed, every key settled {} ms after",
                    (oneRing - healing) / 1_000_000, (System.nanoTime() - healing) / 1_000_000);

            for (ChordMrNode n : all) {
                assertThat(n.store().read("k/7").data()).asString(StandardCharsets.UTF_8).isEqualTo("B overwrote 7");
                assertThat(n.store().read("k/2").data()).asString(StandardCharsets.UTF_8).isEqualTo("A overwrote 2");
                assertThat(n.store().read("k/22").data()).asString(StandardCharsets.UTF_8).isEqualTo("B wrote after A's delete");
                assertThat(n.store().read("k/15")).isNull();
                assertThat(n.store().read("k/27")).isNull();
            }
            assertThat(expected.values().stream().filter(v -> v == null).count()).isEqualTo(10);
            for (ChordMrNode n : all) {
                ChunkStore local = n.store().local();
                assertThat(local.entries()).allSatisfy((k, e) -> assertThat(expected).containsKey(k));
            }
        }
    }
}
