package io.chordmr.node;

import io.chordmr.engine.Engine;
import io.chordmr.engine.context.EngineContext;
import io.chordmr.engine.input.InputSources;
import io.chordmr.engine.worker.Worker;
import io.chordmr.http.ApiContext;
import io.chordmr.http.HttpApiServer;
import io.chordmr.net.Address;
import io.chordmr.net.Dispatcher;
import io.chordmr.net.NettyTransport;
import io.chordmr.net.NodeTls;
import io.chordmr.ring.RingMember;
import io.chordmr.ring.NodeRef;
import io.chordmr.ring.RingMaintenance;
import io.chordmr.store.AntiEntropy;
import io.chordmr.store.ChunkStore;
import io.chordmr.store.Datasets;
import io.chordmr.store.ReplicatedStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ChordMR node: ring protocol, Chord membership, replicated store, anti-entropy and the HTTP
 * API, wired together and started. {@link #close()} stops everything at once, as a crash would;
 * {@link #leave()} hands data over and says goodbye first.
 */
public final class ChordMrNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChordMrNode.class);

    private final NodeConfig config;
    private final NettyTransport transport;
    private final RingMember ring;
    private final RingMaintenance maintenance;
    private final ReplicatedStore store;
    private final AntiEntropy antiEntropy;
    private final Datasets datasets;
    private final HttpApiServer http;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Listens to the JVM's collections: closed with the node, so a test's many nodes do not pile up listeners. */
    private final JvmGcMetrics jvmGc = new JvmGcMetrics();
    private final ExecutorService disk;
    private final ExecutorService workers;
    private final ScheduledExecutorService repair;
    private final ScheduledExecutorService engineScheduler;
    private final ExecutorService engineIo;
    private final Engine engine;
    private volatile boolean closed;
    private boolean left;
    /** TLS on both ports, or null. */
    private final NodeTls tls;

    private ChordMrNode(NodeConfig config) {
        this.config = config;
        Dispatcher dispatcher = new Dispatcher();
        this.tls = config.tls() == null ? null : NodeTls.load(config.tls(), config.name(), NodeTls.reloadMillisFromSystem());
        this.transport = NettyTransport.start(config.bindHost(), config.port(), config.advertiseHost(), config.token(),
                config.maxFrameBytes(), 2, dispatcher, tls);
        NodeRef self = NodeRef.of(config.name(), transport.localAddress());
        this.disk = Executors.newFixedThreadPool(4, threads("disk-" + config.name()));
        this.workers = Executors.newCachedThreadPool(threads("work-" + config.name()));
        this.repair = Executors.newSingleThreadScheduledExecutor(threads("repair-" + config.name()));
        this.maintenance = new RingMaintenance(config.name());
        this.ring = new RingMember(self, config.ring(), transport, maintenance.executor());
        ring.registerWith(dispatcher);
        this.store = new ReplicatedStore(ring, config.ring().requestTimeout(), transport, new ChunkStore(config.dataDir(), config.store().durable()), config.store(), disk);
        store.registerWith(dispatcher);
        this.antiEntropy = new AntiEntropy(ring, store, repair);
        store.underReplicatedFrom(antiEntropy::underReplicated);
        this.datasets = new Datasets(store, workers, config.maxChunkBytes());
        this.engineScheduler = Executors.newScheduledThreadPool(4, threads("engine-" + config.name()));
        this.engineIo = Executors.newCachedThreadPool(threads("engine-io-" + config.name()));
        InputSources inputs = new InputSources();
        this.engine = new Engine(new EngineContext(ring, store, datasets, transport, engineDir(config), config.engine(),
                engineScheduler, engineIo, inputs));
        engine.registerWith(dispatcher);
        registerMetrics(dispatcher);
        this.http = config.httpPort() < 0 ? null : HttpApiServer.start(config.bindHost(), config.httpPort(), tls,
                new ApiContext(ring, store, datasets, engine.jobs(), metrics, config.token(), workers, this::leaveRing, inputs));
    }

    /** Starts the node and begins joining (or creating) the ring in the background. */
    public static ChordMrNode start(NodeConfig config) {
        ChordMrNode node = new ChordMrNode(config);
        node.ring.addSeeds(config.peers());
        node.maintenance.start(node.ring);
        node.antiEntropy.start();
        node.engine.start();
        node.maintenance.executor().execute(() -> node.bootstrap(1));
        return node;
    }

    /**
     * Joins through the peers; starts a new ring only with no peers at all, or as the lowest
     * ordinal when no peer answers, so nodes started together form one ring, never two.
     */
    private void bootstrap(int attempt) {
        if (closed) {
            return;
        }
        List<Address> peers = config.peers().stream().filter(a -> !a.equals(transport.localAddress())).toList();
        if (peers.isEmpty()) {
            ring.create();
            return;
        }
        if (ring.join(peers)) {
            return;
        }
        if (config.ordinal() == 0 && attempt >= 3) {
            log.info("ring: node={} no peer of {} answered after {} attempts; as ordinal 0 it starts the ring",
                    config.name(), peers, attempt);
            ring.create();
            return;
        }
        long delay = Math.min(2000, 100L * attempt);
        log.debug("ring: node={} join attempt {} found no member; retrying in {} ms", config.name(), attempt, delay);
        maintenance.executor().schedule(() -> bootstrap(attempt + 1), delay, TimeUnit.MILLISECONDS);
    }

    /** Map outputs of a previous run are of no use to anyone: start with an empty engine directory. */
    private static java.nio.file.Path engineDir(NodeConfig config) {
        java.nio.file.Path dir = config.dataDir().resolve("mr");
        try {
            if (java.nio.file.Files.exists(dir)) {
                try (var files = java.nio.file.Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot prepare " + dir, e);
        }
        return dir;
    }

    private void registerMetrics(Dispatcher dispatcher) {
        String node = config.name();
        Gauge.builder("chordmr_store_keys", store.local(), ChunkStore::keyCount).tag("node", node)
                .description("keys stored on this node, replicas included").register(metrics);
        Gauge.builder("chordmr_store_bytes", store.local(), ChunkStore::bytesStored).tag("node", node)
                .description("bytes stored on this node").register(metrics);
        Gauge.builder("chordmr_store_under_replicated", antiEntropy, AntiEntropy::underReplicated).tag("node", node)
                .description("keys this node is primary for with fewer than RF confirmed copies").register(metrics);
        Gauge.builder("chordmr_ring_size", antiEntropy, AntiEntropy::lastRingSize).tag("node", node)
                .description("ring members seen in the last repair round").register(metrics);
        Gauge.builder("chordmr_ring_successors", ring, r -> r.state().successors().size()).tag("node", node)
                .description("entries in this node's successor list").register(metrics);
        Worker w = engine.worker();
        for (String kind : List.of("map", "reduce")) {
            for (String outcome : List.of("succeeded", "failed", "killed")) {
                FunctionCounter.builder("chordmr_tasks", w, x -> x.attempts(kind, outcome)).tag("node", node).tag("kind", kind)
                        .tag("outcome", outcome).description("task attempts that ended on this node").register(metrics);
            }
        }
        Gauge.builder("chordmr_tasks_running", w, Worker::runningAttempts).tag("node", node)
                .description("task attempts running on this node").register(metrics);
        FunctionCounter.builder("chordmr_spilled_records", w, Worker::spilledRecords).tag("node", node)
                .description("records finished attempts spilled to disk").register(metrics);
        FunctionCounter.builder("chordmr_shuffled_bytes", w, Worker::shuffledBytes).tag("node", node).baseUnit("bytes")
                .description("map output bytes fetched by finished reduce attempts").register(metrics);
        FunctionCounter.builder("chordmr_task_processes_started", w, Worker::taskProcessesStarted).tag("node", node)
                .description("task JVMs started, spares and replacements of dead ones included").register(metrics);
        // The JVM and the process, as every Micrometer service shows them.
        new ClassLoaderMetrics().bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        jvmGc.bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        dispatcher.observe((type, nanos, ok) -> Timer.builder("chordmr_requests").tag("type", type.name())
                .tag("outcome", ok ? "ok" : "error").description("ring-protocol requests served")
                .register(metrics).record(nanos, TimeUnit.NANOSECONDS));
    }

    public NodeRef self() {
        return ring.self();
    }

    public RingMember ring() {
        return ring;
    }

    public ReplicatedStore store() {
        return store;
    }

    public Datasets datasets() {
        return datasets;
    }

    public Engine engine() {
        return engine;
    }

    public AntiEntropy antiEntropy() {
        return antiEntropy;
    }

    public NodeConfig config() {
        return config;
    }

    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** The ring port's transport; tests cut it off from peers to make a partition. */
    public NettyTransport transport() {
        return transport;
    }

    public Address address() {
        return transport.localAddress();
    }

    /** Graceful leave: hand every key to its replicas without us, tell the neighbours, stop. */
    public void leave() {
        if (closed) {
            return;
        }
        leaveRing();
        close();
    }

    /**
     * Stops taking tasks, leaves the ring, then hands every key to its replica set among the others;
     * HTTP keeps answering (readyz now says not ready) until {@link #close}. Once only: a pod's
     * preStop hook calls it, then SIGTERM's {@link #leave} finds the work done.
     *
     * <p>Leaving comes first: while this node is still a member, the node a key is handed to is
     * outside the key's replica set in everyone else's view, and its own repair round would drop
     * the copy it was just given.
     */
    public synchronized void leaveRing() {
        if (left || closed) {
            return;
        }
        left = true;
        log.info("node={} leaving the ring: handing off its keys", config.name());
        engine.close();
        ring.leave();
        try {
            antiEntropy.handOff();
        } catch (RuntimeException e) {
            log.warn("store: node={} hand-off after leaving was incomplete: {}", config.name(), e.toString());
        }
    }

    /** Stops at once: sockets, threads, everything. Data on disk stays for a restart. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (http != null) {
            http.close();
        }
        engine.close();
        transport.close();
        maintenance.close();
        engineScheduler.shutdownNow();
        engineIo.shutdownNow();
        repair.shutdownNow();
        workers.shutdownNow();
        disk.shutdownNow();
        if (tls != null) {
            tls.close();
        }
        await(repair);
        await(disk);
        jvmGc.close();
        metrics.close();
        log.info("node={} stopped", config.name());
    }

    private static void await(ExecutorService e) {
        try {
            e.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
