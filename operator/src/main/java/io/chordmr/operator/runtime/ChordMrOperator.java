package io.chordmr.operator.runtime;

import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.reconciler.MapReduceClusterReconciler;
import io.chordmr.operator.reconciler.JobMetrics;
import io.chordmr.operator.reconciler.MapReduceJobReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process: both reconcilers, a Lease so that of several replicas only one acts,
 * Prometheus metrics, and the HTTP endpoints for probes and scraping.
 */
public final class ChordMrOperator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChordMrOperator.class);
    public static final String LEASE_NAME = "chordmr-operator";

    /**
     * @param namespaces     namespaces to watch; empty for all
     * @param leaseNamespace where the leader Lease lives; null runs without leader election (one replica only)
     * @param identity       this replica's name in the Lease
     * @param http           where probes and metrics listen; port 0 picks a free port
     * @param jobPoll        how often a running job's coordinator is asked for progress
     * @param onLostLease    what to do when this replica loses the Lease while running, not when it is closed
     *                       (the process exits: a replica that may have missed events must not go on acting)
     */
    public record Settings(Set<String> namespaces, String leaseNamespace, String identity, InetSocketAddress http, Duration jobPoll,
                           Runnable onLostLease) {
    }

    private final Operator operator;
    private final OperatorHttpServer http;
    private final PrometheusMeterRegistry registry;
    private final AtomicBoolean closing;

    private ChordMrOperator(Operator operator, OperatorHttpServer http, PrometheusMeterRegistry registry, AtomicBoolean closing) {
        this.closing = closing;
        this.operator = operator;
        this.http = http;
        this.registry = registry;
    }

    public static ChordMrOperator start(Settings settings, KubernetesClient client, NodeClient nodes) {
        AtomicBoolean closing = new AtomicBoolean();
        Runnable lostLease = () -> {
            if (!closing.get()) {
                settings.onLostLease().run();
            }
        };
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        Operator operator = new Operator(o -> {
            // Merge patches rather than server-side apply: the path the tests run against the mock API server.
            o.withKubernetesClient(client).withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false).withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
            if (settings.leaseNamespace() != null) {
                // JOSDK would call System.exit itself, also from stop() in a shutdown hook; the caller decides instead.
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE_NAME, settings.leaseNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE, LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, settings.identity(),
                        new LeaderCallbacks(() -> log.info("operator: {} leads; reconciling", settings.identity()),
                                lostLease, leader -> log.info("operator: the leader is {}", leader)),
                        false));
            }
        });
        operator.register(new MapReduceClusterReconciler(nodes), c -> namespaces(c, settings.namespaces()));
        operator.register(new MapReduceJobReconciler(nodes, settings.jobPoll(), new JobMetrics(registry)), c -> namespaces(c, settings.namespaces()));
        OperatorHttpServer http = OperatorHttpServer.start(settings.http(), operator, registry);
        operator.start();
        log.info("operator: started; watching {}; leader election {}; probes and metrics on port {}",
                settings.namespaces().isEmpty() ? "all namespaces" : settings.namespaces(),
                settings.leaseNamespace() == null ? "off" : "on (Lease " + settings.leaseNamespace() + "/" + LEASE_NAME
                        + ", identity " + settings.identity() + ")", http.port());
        return new ChordMrOperator(operator, http, registry, closing);
    }

    private static void namespaces(ControllerConfigurationOverrider<?> c, Set<String> ns) {
        if (ns.isEmpty()) {
            c.watchingAllNamespaces();
        } else {
            c.settingNamespaces(ns);
        }
    }

    public int httpPort() {
        return http.port();
    }

    public Operator operator() {
        return operator;
    }

    @Override
    public void close() {
        closing.set(true);
        operator.stop();
        http.close();
        registry.close();
    }
}
