package io.chordmr.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.net.Address;
import io.chordmr.net.Dispatcher;
import io.chordmr.net.InMemoryNetwork;
import io.chordmr.ring.NodeRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repair by range digests on three stores that each hold every key (RF 3): a round with nothing to
 * repair exchanges a few hundred bytes whatever the key count, and one that differs finds the
 * changed copy, the missing one and the stale one. The bytes are every request and answer body.
 */
class RangeRepairTest {

    private static final int KEYS = 5_000;

    @TempDir
    Path dir;

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4);
    private final List<NodeRef> ring = new ArrayList<>();
    private final List<ReplicatedStore> stores = new ArrayList<>();
    private final List<AntiEntropy> repair = new ArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private void start(int keys) {
        for (int i = 0; i < 3; i++) {
            ring.add(NodeRef.of("n" + i, new Address("10.0.2." + (i + 1), 7000)));
        }
        ring.sort(java.util.Comparator.comparing(NodeRef::id, Long::compareUnsigned));
        byte[] data = "a small value".getBytes(StandardCharsets.UTF_8);
        for (NodeRef n : ring) {
            Dispatcher d = new Dispatcher();
            FixedRouting routing = new FixedRouting(n, ring, Map.of());
            ChunkStore local = new ChunkStore(dir.resolve(n.name()));
            for (int k = 0; k < keys; k++) {
                local.putUnforced(new StoredItem("data/" + k, 1_000 + k, false, data));
            }
            ReplicatedStore s = new ReplicatedStore(routing, Duration.ofSeconds(5), network.attach(n.address(), d), local,
                    StoreConfig.DEFAULTS.withReplication(3), executor);
            s.registerWith(d);
            stores.add(s);
            repair.add(new AntiEntropy(routing, s, executor));
        }
    }

    /** One round of node i, and the body bytes it sent and received. */
    private long bytesOfRound(int i, AntiEntropy.Round[] round) {
        long before = network.bodyBytes(ring.get(i).address());
        round[0] = repair.get(i).runRound();
        return network.bodyBytes(ring.get(i).address()) - before;
    }

    @Test
    void aRoundWithNothingToRepairExchangesAFewHundredBytesAndOneDifferenceIsFoundInOneRound() {
        start(KEYS);
        AntiEntropy.Round[] round = new AntiEntropy.Round[1];
        long idle = bytesOfRound(0, round);
        assertThat(round[0].pushed()).isZero();
        assertThat(round[0].underReplicated()).isZero();
        // Offering every key's version, as repair did before digests, would be KEYS x (name + version) to each peer.
        assertThat(idle).as("bytes of an idle round over %d keys", KEYS).isLessThan(512);

        stores.get(0).local().put(new StoredItem("data/77", 5_000_000, false, "changed".getBytes(StandardCharsets.UTF_8)));
        stores.get(1).local().remove("data/4242", 1_000 + 4242);
        long changed = bytesOfRound(0, round);
        assertThat(round[0].pushed()).as("the changed key to both peers, the missing one to one").isEqualTo(3);
        for (ReplicatedStore s : stores) {
            assertThat(new String(s.local().get("data/77").data(), StandardCharsets.UTF_8)).isEqualTo("changed");
            assertThat(s.local().entry("data/4242")).isNotNull();
        }
        assertThat(changed).as("bytes of the round that found them").isLessThan(16 << 10);
        assertThat(bytesOfRound(0, round)).as("and the next round is idle again").isEqualTo(idle);

        // A copy here older than a peer's is not offered; the peer's own round brings the newer one.
        stores.get(2).local().put(new StoredItem("data/9", 6_000_000, false, "newest".getBytes(StandardCharsets.UTF_8)));
        bytesOfRound(0, round);
        assertThat(round[0].pushed()).isZero();
        bytesOfRound(2, round);
        assertThat(round[0].pushed()).isEqualTo(2);
        assertThat(new String(stores.get(0).local().get("data/9").data(), StandardCharsets.UTF_8)).isEqualTo("newest");
    }

    @Test
    void aPeerThatCannotBeAskedLeavesThePrimarysKeysUnderReplicated() {
        start(300);
        network.kill(ring.get(2).address());
        AntiEntropy.Round round = repair.get(0).runRound();
        assertThat(round.underReplicated()).as("the keys node 0 is primary for (its arc of the single-token ring)").isPositive()
                .isLessThan(300);
        long primaryKeys = stores.get(0).local().entries().keySet().stream()
                .filter(k -> io.chordmr.ring.TokenRing.singleToken(ring).replicas(io.chordmr.ring.NodeId.hash(k), 3).get(0).equals(ring.get(0)))
                .count();
        assertThat(round.underReplicated()).isEqualTo((int) primaryKeys);
    }
}
