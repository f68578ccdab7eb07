package io.chordmr.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.net.Address;
import io.chordmr.net.Dispatcher;
import io.chordmr.net.InMemoryNetwork;
import io.chordmr.ring.NodeId;
import io.chordmr.ring.NodeRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repair rounds on four stores of a fixed ring, RF 2, run by hand. */
class AntiEntropyTest {

    private static final String KEY = "data/7";

    @TempDir
    Path dir;

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4);
    private final List<NodeRef> ring = new ArrayList<>();
    private final List<ReplicatedStore> stores = new ArrayList<>();
    private final List<AntiEntropy> repair = new ArrayList<>();

    @BeforeEach
    void start() {
        for (int i = 0; i < 4; i++) {
            ring.add(new NodeRef(Long.MIN_VALUE / 2 * (2 - i) + 12345, "n" + i, new Address("10.0.1." + (i + 1), 7000)));
        }
        ring.sort(Comparator.comparing(NodeRef::id, Long::compareUnsigned));
        for (NodeRef n : ring) {
            Dispatcher d = new Dispatcher();
            FixedRouting routing = new FixedRouting(n, ring, Map.of());
            ReplicatedStore s = new ReplicatedStore(routing, Duration.ofSeconds(5), network.attach(n.address(), d),
                    new ChunkStore(dir.resolve(n.name())), StoreConfig.DEFAULTS.withReplication(2), executor);
            s.registerWith(d);
            stores.add(s);
            repair.add(new AntiEntropy(routing, s, executor));
        }
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Ring positions of the key's two replicas: its successor by id, and the next member. */
    private List<Integer> replicas() {
        long h = NodeId.hash(KEY);
        int first = 0;
        while (first < ring.size() && Long.compareUnsigned(ring.get(first).id(), h) < 0) {
            first++;
        }
        first %= ring.size();
        return List.of(first, (first + 1) % ring.size());
    }

    private int outsider() {
        for (int i = 0; i < ring.size(); i++) {
            if (!replicas().contains(i)) {
                return i;
            }
        }
        throw new AssertionError();
    }

    private boolean holds(int i) {
        StoredItem item = stores.get(i).local().get(KEY);
        return item != null && !item.tombstone();
    }

    private void put(int node, long version) {
        stores.get(node).local().put(new StoredItem(KEY, version, false, "v".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aKeyHeldOutsideItsReplicaSetMovesThereAndLeaves() {
        int holder = outsider();
        put(holder, stores.get(holder).nextVersion());
        AntiEntropy.Round round = repair.get(holder).runRound();
        assertThat(round.pushed()).isEqualTo(2);
        assertThat(round.dropped()).isEqualTo(1);
        for (int i = 0; i < ring.size(); i++) {
            assertThat(holds(i)).as("node %d", i).isEqualTo(replicas().contains(i));
        }
    }

    @Test
    void thePrimaryRestoresAMissingCopy() {
        int primary = replicas().get(0);
        put(primary, stores.get(primary).nextVersion());
        network.kill(ring.get(replicas().get(1)).address());
        assertThat(repair.get(primary).runRound().underReplicated()).as("the second replica cannot be reached").isEqualTo(1);
        assertThat(repair.get(primary).underReplicated()).isEqualTo(1);
        assertThat(holds(primary)).isTrue();
    }

    @Test
    void aHolderKeepsAKeyUntilEveryReplicaHasIt() {
        int holder = outsider();
        put(holder, stores.get(holder).nextVersion());
        network.kill(ring.get(replicas().get(1)).address());
        AntiEntropy.Round round = repair.get(holder).runRound();
        assertThat(round.pushed()).isEqualTo(1);
        assertThat(round.dropped()).isZero();
        assertThat(holds(holder)).as("one copy short: not dropped").isTrue();
        assertThat(holds(replicas().get(0))).isTrue();
    }

    @Test
    void aNewerVersionWinsAndTheOlderIsNotPushed() {
        int primary = replicas().get(0);
        int second = replicas().get(1);
        put(second, 2_000_000);
        put(primary, 1_000_000);
        repair.get(primary).runRound();
        assertThat(stores.get(second).local().entry(KEY).version()).isEqualTo(2_000_000);
        repair.get(second).runRound();
        assertThat(stores.get(primary).local().entry(KEY).version()).as("the newer copy reached the primary").isEqualTo(2_000_000);
    }

    @Test
    void tombstonesOlderThanTheirTimeToLiveAreDropped() {
        int primary = replicas().get(0);
        long dayAndAHalfAgo = (System.currentTimeMillis() - Duration.ofHours(36).toMillis()) * 1000;
        stores.get(primary).local().put(StoredItem.tombstone(KEY, dayAndAHalfAgo));
        stores.get(primary).local().put(StoredItem.tombstone("data/fresh", stores.get(primary).nextVersion()));
        assertThat(repair.get(primary).runRound().dropped()).isGreaterThanOrEqualTo(1);
        assertThat(stores.get(primary).local().entry(KEY)).isNull();
        // a young tombstone is repaired like any key: it still exists, on its own replicas
        assertThat(stores).anySatisfy(st -> assertThat(st.local().entry("data/fresh")).isNotNull()
                .extracting(ChunkStore.Entry::tombstone).isEqualTo(true));
    }

    @Test
    void aHandOffGivesEveryKeyToItsReplicasWithoutThisNode() {
        int primary = replicas().get(0);
        put(primary, stores.get(primary).nextVersion());
        AntiEntropy.Round round = repair.get(primary).handOff();
        assertThat(round.pushed()).as("the second replica and the node that takes the primary's place").isEqualTo(2);
        int next = (replicas().get(1) + 1) % ring.size();
        assertThat(holds(replicas().get(1))).isTrue();
        assertThat(holds(next)).isTrue();
    }
}
