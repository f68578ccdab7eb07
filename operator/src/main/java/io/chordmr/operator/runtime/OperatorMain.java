package io.chordmr.operator.runtime;

import ch.qos.logback.classic.Level;
import io.chordmr.logging.LoggingOptions;
import io.chordmr.operator.client.NodeClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chordmr-operator}: the process the operator Deployment runs. */
@Command(name = "chordmr-operator", mixinStandardHelpOptions = true, version = "0.1.0",
        description = "Reconciles MapReduceCluster and MapReduceJob resources.")
public final class OperatorMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(OperatorMain.class);

    @Option(names = "--namespaces", split = ",", defaultValue = "${env:WATCH_NAMESPACES}",
            description = "Namespaces to watch, comma-separated (also WATCH_NAMESPACES). Default: all.")
    List<String> namespaces;

    @Option(names = "--lease-namespace", defaultValue = "${env:POD_NAMESPACE}",
            description = "Namespace of the leader Lease (also POD_NAMESPACE). Without it, no leader election: run one replica.")
    String leaseNamespace;

    @Option(names = "--identity", defaultValue = "${env:POD_NAME}", description = "This replica's name in the Lease (also POD_NAME).")
    String identity;

    @Option(names = "--http-port", defaultValue = "8080", description = "Port of /healthz, /readyz and /metrics. Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--job-poll-seconds", defaultValue = "2", description = "How often a running job's progress is read. Default: ${DEFAULT-VALUE}.")
    int pollSeconds;

    @Mixin
    LoggingOptions logging = new LoggingOptions();

    public static void main(String[] args) {
        System.exit(new CommandLine(new OperatorMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        logging.apply(Level.INFO);
        KubernetesClient client = new KubernetesClientBuilder().build();
        String id = identity != null ? identity : System.getenv().getOrDefault("HOSTNAME", "chordmr-operator");
        Runnable onLostLease = () -> {
            log.error("operator: {} lost the leader Lease; exiting so that a fresh process competes for it", id);
            new Thread(() -> System.exit(1), "exit").start();
        };
        var settings = new ChordMrOperator.Settings(namespaces == null ? Set.of() : new LinkedHashSet<>(namespaces),
                leaseNamespace, id, new InetSocketAddress(httpPort), Duration.ofSeconds(pollSeconds), onLostLease);
        ChordMrOperator operator = ChordMrOperator.start(settings, client, new NodeClient(NodeClient.podDns()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.close();
            client.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
