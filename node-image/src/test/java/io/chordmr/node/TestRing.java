package io.chordmr.node;

import static org.awaitility.Awaitility.await;

import io.chordmr.net.Address;
import io.chordmr.net.ClusterToken;
import io.chordmr.ring.NodeRef;
import io.chordmr.ring.RingState;
import io.chordmr.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Real nodes on loopback sockets in this JVM, each with its own data directory, for integration tests. */
public final class TestRing implements AutoCloseable {

    public static final ClusterToken TOKEN = ClusterToken.of("test-token-0123456789");

    private final Path root;
    private final StoreConfig storeConfig;
    private final Map<String, ChordMrNode> live = new LinkedHashMap<>();
    private int created;

    public TestRing(StoreConfig storeConfig) {
        this.storeConfig = storeConfig;
        try {
            this.root = Files.createTempDirectory("chordmr-ring");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestRing() {
        this(StoreConfig.DEFAULTS.withRepairInterval(Duration.ofMillis(500)));
    }

    /** Starts n nodes, the first alone, the rest joining through it, and waits until the ring is right. */
    public TestRing start(int n) {
        for (int i = 0; i < n; i++) {
            add();
        }
        awaitConverged();
        return this;
    }

    /** Starts one more node, named node-K, joining through the live ones. */
    public ChordMrNode add() {
        return startNode("node-" + created++);
    }

    public ChordMrNode startNode(String name) {
        return startNode(name, UnaryOperator.identity());
    }

    /** Starts a node whose configuration {@code adjust} changes first (its slots, say). */
    public ChordMrNode startNode(String name, UnaryOperator<NodeConfig> adjust) {
        List<Address> peers = live.values().stream().map(ChordMrNode::address).toList();
        NodeConfig cfg = adjust.apply(NodeConfig.loopback(name, root.resolve(name), peers, TOKEN).withStore(storeConfig));
        ChordMrNode node = ChordMrNode.start(cfg);
        live.put(name, node);
        return node;
    }

    /** Stops the node at once: sockets and threads closed, as a crash would. Its data stays on disk. */
    public void kill(String name) {
        live.remove(name).close();
    }

    public ChordMrNode node(String name) {
        return live.get(name);
    }

    public List<ChordMrNode> nodes() {
        return new ArrayList<>(live.values());
    }

    public ChordMrNode any() {
        return live.values().iterator().next();
    }

    public void awaitConverged() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(this::converged);
    }

    /** Every live node's predecessor and successor list match the sorted live ids, and it places keys over every live node. */
    public boolean converged() {
        List<ChordMrNode> sorted = new ArrayList<>(live.values());
        sorted.sort(Comparator.comparing(n -> n.self().id(), Long::compareUnsigned));
        int size = sorted.size();
        for (int i = 0; i < size; i++) {
            int r = Math.min(sorted.get(i).ring().successorListLength(), size - 1);
            RingState st = sorted.get(i).ring().state();
            List<NodeRef> expected = new ArrayList<>();
            for (int k = 1; k <= r; k++) {
                expected.add(sorted.get((i + k) % size).self());
            }
            NodeRef pred = size == 1 ? null : sorted.get((i - 1 + size) % size).self();
            if (!st.member() || !st.successors().equals(expected) || (pred != null && !pred.equals(st.predecessor()))) {
                return false;
            }
        }
        Set<NodeRef> selves = new HashSet<>();
        sorted.forEach(n -> selves.add(n.self()));
        for (ChordMrNode n : sorted) {
            if (!n.ring().placement().tokens().keySet().equals(selves)) {
                return false;
            }
        }
        return true;
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() {
        live.values().forEach(ChordMrNode::close);
        live.clear();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
