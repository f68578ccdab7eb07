package io.chordmr.store;

import io.chordmr.net.Address;
import io.chordmr.net.Dispatcher;
import io.chordmr.net.InMemoryNetwork;
import io.chordmr.ring.NodeRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Repair rounds over many small keys: three stores that each hold all of them (RF 3), on the
 * in-memory network that counts every request and answer body. Prints the bytes and time of an
 * idle round, of a round after one key changed, and what offering every key's version (repair
 * before digests) would send. Not a test: after {@code mvn -o package -DskipTests}, from node-image:
 * {@code java -Xmx6g -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.chordmr.store.RangeRepairBenchmark 1000000 /dev/shm}
 * (keys, a directory for the three stores: one file a key, so 3 x keys small files).
 */
public final class RangeRepairBenchmark {

    private RangeRepairBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path root = Files.createTempDirectory(Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir")), "chordmr-repair-bench");
        InMemoryNetwork network = new InMemoryNetwork();
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(4);
        List<NodeRef> ring = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ring.add(NodeRef.of("n" + i, new Address("10.0.3." + (i + 1), 7000)));
        }
        ring.sort(Comparator.comparing(NodeRef::id, Long::compareUnsigned));
        List<ReplicatedStore> stores = new ArrayList<>();
        List<AntiEntropy> repair = new ArrayList<>();
        byte[] data = "v".getBytes(StandardCharsets.UTF_8);
        long loadStart = System.nanoTime();
        try {
            for (NodeRef n : ring) {
                ChunkStore local = new ChunkStore(root.resolve(n.name()));
                ExecutorService loaders = Executors.newFixedThreadPool(4);
                for (int t = 0; t < 4; t++) {
                    int from = t;
                    loaders.execute(() -> {
                        for (int k = from; k < keys; k += 4) {
                            local.putUnforced(new StoredItem("data/" + k, 1_000 + k, false, data));
                        }
                    });
                }
                loaders.shutdown();
                loaders.awaitTermination(1, TimeUnit.HOURS);
                Dispatcher d = new Dispatcher();
                FixedRouting routing = new FixedRouting(n, ring, Map.of());
                ReplicatedStore s = new ReplicatedStore(routing, Duration.ofSeconds(30), network.attach(n.address(), d), local,
                        StoreConfig.DEFAULTS.withReplication(3), executor);
                s.registerWith(d);
                stores.add(s);
                repair.add(new AntiEntropy(routing, s, executor));
            }
            System.out.printf(Locale.ROOT, "%,d keys on each of 3 stores (RF 3), loaded in %.0f s; %d cores, max heap %d MiB%n", keys,
                    (System.nanoTime() - loadStart) / 1e9, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            Address self = ring.get(0).address();
            for (int i = 0; i < 3; i++) {
                long before = network.bodyBytes(self);
                long t0 = System.nanoTime();
                AntiEntropy.Round r = repair.get(0).runRound();
                System.out.printf(Locale.ROOT, "idle round %d: %,d bytes exchanged, %.1f ms, pushed %d%n", i + 1,
                        network.bodyBytes(self) - before, (System.nanoTime() - t0) / 1e6, r.pushed());
            }
            stores.get(0).local().put(new StoredItem("data/12345", 5_000_000_000L, false, "changed".getBytes(StandardCharsets.UTF_8)));
            long before = network.bodyBytes(self);
            long t0 = System.nanoTime();
            AntiEntropy.Round r = repair.get(0).runRound();
            System.out.printf(Locale.ROOT, "one key changed: %,d bytes exchanged, %.1f ms, pushed %d (to both peers); peers now hold it: %b%n",
                    network.bodyBytes(self) - before, (System.nanoTime() - t0) / 1e6, r.pushed(),
                    stores.stream().allMatch(s -> s.local().entry("data/12345").version() == 5_000_000_000L));
            Map<String, Long> offer = new LinkedHashMap<>();
            stores.get(0).local().entries().forEach((k, e) -> offer.put(k, e.version()));
            long perPeer = StoreCodec.versions(offer).length + 4;
            System.out.printf(Locale.ROOT, "offering every key's version to both peers (repair before digests): %,d bytes a round%n", 2 * perPeer);
        } finally {
            executor.shutdownNow();
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
