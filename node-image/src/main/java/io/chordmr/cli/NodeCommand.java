package io.chordmr.cli;

import ch.qos.logback.classic.Level;
import io.chordmr.manifest.MemorySize;
import io.chordmr.engine.context.EngineConfig;
import io.chordmr.engine.context.TaskProcessSettings;
import io.chordmr.logging.LoggingOptions;
import io.chordmr.net.Address;
import io.chordmr.net.ClusterToken;
import io.chordmr.net.NodeTls;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.NodeConfig;
import io.chordmr.ring.RingConfig;
import io.chordmr.ring.TokenRing;
import io.chordmr.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs one node in the foreground until it is stopped; SIGTERM leaves the ring gracefully. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Run one ChordMR node in the foreground.")
final class NodeCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);

    @Option(names = "--name", description = "Stable node name (the pod name); the node id is its hash. Default: host:port.")
    String name;

    @Option(names = "--port", description = "Ring-protocol port (default ${DEFAULT-VALUE}).")
    int port = NodeConfig.DEFAULT_PORT;

    @Option(names = "--http-port", description = "HTTP API port (default ${DEFAULT-VALUE}).")
    int httpPort = NodeConfig.DEFAULT_HTTP_PORT;

    @Option(names = "--bind", description = "Interface to listen on (default ${DEFAULT-VALUE}).")
    String bind = "0.0.0.0";

    @Option(names = "--advertise", description = "Host name other nodes reach this node at (default: --bind, or 127.0.0.1 for 0.0.0.0).")
    String advertise;

    @Option(names = "--data-dir", required = true, description = "Directory for this node's chunks; survives restarts.")
    Path dataDir;

    @Option(names = "--join", split = ",", paramLabel = "HOST:PORT",
            description = "Ring-protocol addresses of peers to join through. Without any, this node starts a new ring.")
    List<String> join = new ArrayList<>();

    @Option(names = "--replication", description = "Copies of every chunk (default ${DEFAULT-VALUE}).")
    int replication = StoreConfig.DEFAULTS.replication();

    @Option(names = "--successors", paramLabel = "auto|R", description = "Successor-list length r: auto (the default) follows the "
            + "ring's size, 2·⌈log2 N⌉ between 4 and 64; a number fixes it. The ring survives fewer than r neighbours failing at once.")
    String successors = "auto";

    @Option(names = "--tokens", description = "Positions this node holds on the ring for keys (virtual nodes; default ${DEFAULT-VALUE}). "
            + "One is Chord's own placement, as nodes placed keys before virtual nodes; a ring may mix counts, and data moves when one changes.")
    int tokens = RingConfig.DEFAULTS.tokens();

    @Option(names = "--request-timeout-ms", description = "Ring request time-out in ms (default ${DEFAULT-VALUE}).")
    long requestTimeoutMs = RingConfig.DEFAULTS.requestTimeout().toMillis();

    @Option(names = "--slots", description = "Tasks run at once on this node (default: the number of cores).")
    int slots;

    @Option(names = "--task-heap", paramLabel = "SIZE", description = "Heap of each task process, where job code runs, "
            + "such as 512Mi or 2Gi (default 512Mi).")
    String taskHeap = "512Mi";

    @Option(names = "--max-task-heap", paramLabel = "SIZE", description = "The most heap a job may ask for its task processes "
            + "(spec.taskHeap). Default: this machine's memory, less the node's heap, shared by slots + 1 task processes.")
    String maxTaskHeap;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "This node's certificate, naming the host peers and clients "
            + "reach it by; with --tls-key and --tls-ca both ports speak TLS 1.3, and the ring port only to nodes of the same CA. "
            + "Renewed files are picked up without a restart.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The certificate's private key (PKCS#8 PEM).")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "The CA that signs every node's certificate.")
    Path tlsCa;

    @Option(names = "--insecure-no-auth", description = "Accept requests without a cluster token. Only on a trusted network.")
    boolean insecure;

    @Mixin
    TokenOptions tokenOptions = new TokenOptions();

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    /** The ring settings with {@code --successors}: auto, or a fixed length (a bad value is an error that names it). */
    static RingConfig successors(RingConfig ring, String autoOrLength) {
        if ("auto".equals(autoOrLength)) {
            return ring;
        }
        try {
            return ring.withSuccessorListLength(Integer.parseInt(autoOrLength));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--successors takes auto or a length from 1 to " + RingConfig.MAX_SUCCESSORS + ", got '"
                    + autoOrLength + "'");
        }
    }

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.INFO);
        ClusterToken token = tokenOptions.tokenOrNull();
        if (token == null && !insecure) {
            System.err.println("chordmr node: no cluster token. Create one with 'chordmr token > cluster.token' and pass "
                    + "--token-file cluster.token (or set CHORDMR_TOKEN); the same token goes to every node and client. "
                    + "--insecure-no-auth runs without one, on a trusted network only.");
            return 2;
        }
        if (token == null) {
            log.warn("node: running with --insecure-no-auth: anyone who reaches the ports can store data and run code");
            token = ClusterToken.NONE;
        }
        if (tokens < 1 || tokens > TokenRing.MAX_TOKENS) {
            System.err.println("chordmr node: --tokens " + tokens + " is outside 1.." + TokenRing.MAX_TOKENS);
            return 2;
        }
        if ((tlsCert != null || tlsKey != null || tlsCa != null) && (tlsCert == null || tlsKey == null || tlsCa == null)) {
            System.err.println("chordmr node: TLS needs all of --tls-cert, --tls-key and --tls-ca");
            return 2;
        }
        String host = advertise != null ? advertise : ("0.0.0.0".equals(bind) ? "127.0.0.1" : bind);
        List<Address> peers = join.stream().map(Address::parse).toList();
        RingConfig ring = successors(RingConfig.DEFAULTS, successors).withRequestTimeout(Duration.ofMillis(requestTimeoutMs))
                .withTokens(tokens);
        int taskSlots = slots > 0 ? slots : EngineConfig.defaults().slots();
        long heap = MemorySize.parse("--task-heap", taskHeap);
        long maxHeap = maxTaskHeap != null ? MemorySize.parse("--max-task-heap", maxTaskHeap) : TaskProcessSettings.machineShare(taskSlots);
        NodeConfig cfg = new NodeConfig(name != null ? name : host + ":" + port, bind, host, port, httpPort, dataDir, peers, ring,
                StoreConfig.DEFAULTS.withReplication(replication), token, NodeConfig.DEFAULT_MAX_FRAME_BYTES,
                EngineConfig.defaults().withSlots(taskSlots).withTaskProcesses(TaskProcessSettings.withHeap(heap, maxHeap)),
                tlsCert == null ? null : new NodeTls.Pem(tlsCert, tlsKey, tlsCa));
        ChordMrNode node;
        try {
            node = ChordMrNode.start(cfg);
        } catch (NodeTls.TlsException e) {
            System.err.println("chordmr node: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("node: name={} shutting down: leaving the ring", cfg.name());
            node.leave();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
