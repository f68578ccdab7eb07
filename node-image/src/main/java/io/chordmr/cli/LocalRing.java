package io.chordmr.cli;

import io.chordmr.engine.context.EngineConfig;
import io.chordmr.engine.context.TaskProcessSettings;
import io.chordmr.net.Address;
import io.chordmr.net.ClusterToken;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.NodeConfig;
import io.chordmr.store.StoreConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A ring embedded in this process, for {@code local} and the benchmarks: nodes on loopback with a
 * fresh token and their data under one temporary directory, removed on close.
 */
final class LocalRing implements AutoCloseable {

    private final WorkDir work;
    private final List<ChordMrNode> nodes = new ArrayList<>();
    private ClusterToken token;

    /**
     * @param slotsPerNode tasks per node, or 0 for the cores shared out among the nodes
     * @param http         whether the nodes serve the HTTP API (on free ports)
     * @param tasks        run job code in task processes with these settings, as {@code chordmr node} does; null runs it in this JVM
     * @param store        the nodes' store settings: a ring node's, or {@code chordmr local}'s (files deleted with the ring, so no fsync)
     */
    LocalRing(String prefix, int count, int slotsPerNode, boolean http, TaskProcessSettings tasks, StoreConfig store)
            throws IOException, InterruptedException {
        work = new WorkDir(null, "chordmr-" + prefix);
        try {
            token = ClusterToken.generate();
            int slots = slotsPerNode > 0 ? slotsPerNode : Math.max(1, Runtime.getRuntime().availableProcessors() / count);
            for (int i = 0; i < count; i++) {
                List<Address> peers = nodes.isEmpty() ? List.of() : List.of(nodes.get(0).address());
                NodeConfig cfg = NodeConfig.loopback(prefix + "-" + i, work.path().resolve("node-" + i), peers, token)
                        .withStore(store)
                        .withEngine(EngineConfig.defaults().withSlots(slots)
                        .withTaskProcesses(tasks));
                nodes.add(ChordMrNode.start(http ? cfg : cfg.withHttpPort(-1)));
            }
            awaitMembers(count);
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The ring's token: {@code chordmr local --ui} signs the dashboard in with it. */
    ClusterToken token() {
        return token;
    }

    ChordMrNode first() {
        return nodes.get(0);
    }

    /** Blocks until every node sees all members and places keys over them, or fails after a minute. */
    private void awaitMembers(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (nodes.stream().allMatch(x -> x.ring().isMember() && x.ring().members(n + 1).size() == n
                    && x.ring().renewPlacement().size() == n)) {
                return;
            }
            // A command-line wait for the ring to form, not a test: poll every 20 ms.
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("the local ring of " + n + " nodes did not form within a minute");
    }

    @Override
    public void close() throws IOException {
        nodes.forEach(ChordMrNode::close);
        nodes.clear();
        work.close();
    }
}
