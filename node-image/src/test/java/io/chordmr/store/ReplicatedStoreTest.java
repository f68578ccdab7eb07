package io.chordmr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chordmr.net.Address;
import io.chordmr.net.Dispatcher;
import io.chordmr.net.InMemoryNetwork;
import io.chordmr.ring.NodeId;
import io.chordmr.ring.NodeRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four stores on an in-memory network, with every key placed by hand, so each replica's copy can be checked. */
class ReplicatedStoreTest {

    private static final String KEY = "data/0";

    @TempDir
    Path dir;

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final ExecutorService disk = Executors.newFixedThreadPool(4);
    private final List<NodeRef> nodes = new ArrayList<>();
    private final List<ReplicatedStore> stores = new ArrayList<>();
    private final List<FixedRouting> routings = new ArrayList<>();
    /** Where {@link #KEY} lived under the layout before virtual nodes (indexes); none unless a test says. */
    private int[] formerOrder = {};
    /** Node d's wall clock; the system's unless a test sets it behind. */
    private Clock clockOfD = Clock.systemUTC();

    @AfterEach
    void stop() {
        disk.shutdownNow();
    }

    /** Nodes a, b, c, d; {@link #KEY}'s preference list is {@code order} (indexes), every other key's is a, b, c, d. */
    private void start(int rf, int... order) {
        for (int i = 0; i < 4; i++) {
            nodes.add(NodeRef.of(String.valueOf((char) ('a' + i)), new Address("10.0.0." + (i + 1), 7000)));
        }
        List<NodeRef> placed = new ArrayList<>();
        for (int i : order) {
            placed.add(nodes.get(i));
        }
        List<NodeRef> former = new ArrayList<>();
        for (int i : formerOrder) {
            former.add(nodes.get(i));
        }
        for (NodeRef n : nodes) {
            Dispatcher d = new Dispatcher();
            StoreConfig config = StoreConfig.DEFAULTS.withReplication(rf).withClock(n.name().equals("d") ? clockOfD : Clock.systemUTC());
            FixedRouting routing = new FixedRouting(n, nodes, Map.of(NodeId.hash(KEY), placed), Map.of(NodeId.hash(KEY), former));
            routings.add(routing);
            ReplicatedStore s = new ReplicatedStore(routing, Duration.ofSeconds(5),
                    network.attach(n.address(), d), new ChunkStore(dir.resolve(n.name())), config, disk);
            s.registerWith(d);
            stores.add(s);
        }
    }

    private static StoredItem value(String text, long version) {
        return new StoredItem(KEY, version, false, text.getBytes(StandardCharsets.UTF_8));
    }

    private boolean holds(int node) {
        return stores.get(node).local().get(KEY) != null;
    }

    @Test
    void aKeyLivesOnExactlyTheFirstReplicationNodesOfItsList() {
        start(2, 1, 2, 3, 0);
        assertThat(stores.get(0).write(value("v", 1))).isEqualTo(2);
        assertThat(List.of(holds(0), holds(1), holds(2), holds(3))).containsExactly(false, true, true, false);
        assertThat(stores.get(0).replicaSet(KEY)).containsExactly(nodes.get(1), nodes.get(2));
    }

    @Test
    void aDeadReplicaIsReplacedByTheNextNodeOfTheList() {
        start(2, 1, 2, 3, 0);
        network.kill(nodes.get(2).address());
        assertThat(stores.get(0).write(value("v", 1))).isEqualTo(2);
        assertThat(List.of(holds(0), holds(1), holds(3))).containsExactly(false, true, true);
    }

    @Test
    void aReadTakesTheFirstReplicaThatAnswers() {
        start(2, 1, 2, 3, 0);
        stores.get(0).write(value("old", 1));
        stores.get(2).local().put(value("newer on c only", 2));
        assertThat(new String(stores.get(3).read(KEY).data(), StandardCharsets.UTF_8)).as("b answers first").isEqualTo("old");
        network.kill(nodes.get(1).address());
        assertThat(new String(stores.get(3).read(KEY).data(), StandardCharsets.UTF_8)).isEqualTo("newer on c only");
    }

    @Test
    void aKeyNoReplicaHasIsLookedForWhereTheFormerLayoutPutIt() {
        formerOrder = new int[] {0, 3};
        start(2, 1, 2);
        stores.get(3).local().put(value("written before virtual nodes", 1));
        assertThat(new String(stores.get(0).read(KEY).data(), StandardCharsets.UTF_8)).isEqualTo("written before virtual nodes");
        stores.get(3).local().put(StoredItem.tombstone(KEY, 2));
        assertThat(stores.get(0).read(KEY)).as("a delete there counts too").isNull();
        assertThat(stores.get(0).read("some/other")).as("a key held nowhere is still missing").isNull();
    }

    @Test
    void whileTheLayoutIsChangingAKeyHeldOutsideBothLayoutsIsFoundByAskingEveryMember() {
        formerOrder = new int[] {1};
        start(1, 2);
        // Only d holds it: a replica under a layout between the former one and today's, not moved yet.
        stores.get(3).local().put(value("moved by neither layout yet", 4));
        routings.get(0).layoutChangedAt(System.currentTimeMillis() - 10_000);
        assertThat(new String(stores.get(0).read(KEY).data(), StandardCharsets.UTF_8)).isEqualTo("moved by neither layout yet");
        stores.get(1).local().put(StoredItem.tombstone(KEY, 5));
        assertThat(stores.get(0).read(KEY)).as("a newer delete where the former layout put it").isNull();
        stores.get(1).local().remove(KEY, 5);

        routings.get(0).layoutChangedAt(System.currentTimeMillis() - 3_600_000);
        assertThat(stores.get(0).read(KEY)).as("a layout settled an hour ago: the two layouts' replicas are the answer").isNull();
        assertThat(stores.get(0).read("some/other")).isNull();
    }

    @Test
    void aDeletedKeyReadsAsMissingOnEveryReplica() {
        start(3, 0, 1, 2, 3);
        stores.get(3).write(value("v", 1));
        stores.get(3).delete(KEY);
        assertThat(stores.get(3).read(KEY)).isNull();
        for (int i = 0; i < 3; i++) {
            assertThat(stores.get(i).local().entry(KEY).tombstone()).as("replica %d keeps the tombstone", i).isTrue();
        }
    }

    @Test
    void noReplicaAnsweringIsAnErrorNotAMissingKey() {
        start(2, 1, 2, 3);
        network.kill(nodes.get(1).address());
        network.kill(nodes.get(2).address());
        network.kill(nodes.get(3).address());
        assertThat(stores.get(0).read("some/other")).as("a itself answers for other keys").isNull();
        assertThatThrownBy(() -> stores.get(0).read(KEY)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("no replica of key " + KEY + " answered");
        assertThatThrownBy(() -> stores.get(0).write(value("v", 1))).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("no replica of key " + KEY + " accepted the write");
    }

    private String valueOn(int node) {
        StoredItem item = stores.get(node).local().get(KEY);
        return item == null ? null : item.tombstone() ? "(deleted)" : new String(item.data(), StandardCharsets.UTF_8);
    }

    @Test
    void aWriteFromANodeWhoseClockIsAnHourBehindStillReplacesTheOneBefore() {
        clockOfD = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        start(3, 0, 1, 2, 3);
        stores.get(0).writeNewest(value("first, from a", stores.get(0).nextVersion()));
        long first = stores.get(0).local().entry(KEY).version();
        long behind = stores.get(3).nextVersion();
        assertThat(behind).as("d has heard of nothing yet: its own clock gives an older version").isLessThan(first);
        stores.get(3).writeNewest(value("second, from d", behind));
        for (int i = 0; i < 3; i++) {
            assertThat(valueOn(i)).as("replica %d", i).isEqualTo("second, from d");
            assertThat(stores.get(i).local().entry(KEY).version()).isGreaterThan(first);
        }
        stores.get(3).delete(KEY);
        assertThat(stores.get(0).read(KEY)).as("d's delete after a's write wins too").isNull();
        stores.get(0).writeNewest(value("third, from a", stores.get(0).nextVersion()));
        assertThat(new String(stores.get(3).read(KEY).data(), StandardCharsets.UTF_8)).isEqualTo("third, from a");
    }

    @Test
    void aPlainWriteOfAnOlderVersionIsRefusedAndNotWrittenAgain() {
        start(3, 0, 1, 2, 3);
        stores.get(0).write(value("newer", 20));
        assertThat(stores.get(3).write(value("older, as a late repair would bring", 10))).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(valueOn(i)).isEqualTo("newer");
            assertThat(stores.get(i).local().entry(KEY).version()).isEqualTo(20);
        }
    }

    @Test
    void aNodeThatTakesACopyIssuesItsNextVersionAboveItWhateverItsClock() {
        clockOfD = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        start(2, 3, 0);
        long hourBehind = stores.get(3).nextVersion();
        stores.get(1).write(value("from b", stores.get(1).nextVersion()));
        long taken = stores.get(3).local().entry(KEY).version();
        assertThat(taken).isGreaterThan(hourBehind);
        long next = stores.get(3).nextVersion();
        assertThat(next).isGreaterThan(taken);
        assertThat(VersionClock.millisOf(next)).as("d's versions now follow b's clock, not its own")
                .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
    }
}
