package io.chordmr.operator.reconciler;

import io.chordmr.client.RingView;
import io.chordmr.client.NodeApiException;
import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceClusterStatus;
import io.chordmr.operator.dependent.ClientServiceDependent;
import io.chordmr.operator.dependent.ClusterNames;
import io.chordmr.operator.dependent.DisruptionBudgetDependent;
import io.chordmr.operator.dependent.NetworkPolicyDependent;
import io.chordmr.operator.dependent.NodeStatefulSetDependent;
import io.chordmr.operator.dependent.PodTemplateMerge;
import io.chordmr.operator.dependent.RingServiceDependent;
import io.chordmr.operator.dependent.TlsEnabled;
import io.chordmr.operator.dependent.TlsSecretDependent;
import io.chordmr.operator.dependent.TokenSecretDependent;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link MapReduceCluster}'s objects as its spec says (the dependents compute them) and
 * reports the StatefulSet's real size and readiness in the status.
 */
@ControllerConfiguration
@Workflow(dependents = {
    @Dependent(name = "token", type = TokenSecretDependent.class),
    @Dependent(name = "tls", type = TlsSecretDependent.class, reconcilePrecondition = TlsEnabled.class),
    @Dependent(name = "ring-service", type = RingServiceDependent.class),
    @Dependent(name = "client-service", type = ClientServiceDependent.class),
    @Dependent(name = "nodes", type = NodeStatefulSetDependent.class, dependsOn = {"token", "ring-service"}),
    @Dependent(name = "budget", type = DisruptionBudgetDependent.class),
    @Dependent(name = "network-policy", type = NetworkPolicyDependent.class)
})
public class MapReduceClusterReconciler implements Reconciler<MapReduceCluster> {

    private static final Logger log = LoggerFactory.getLogger(MapReduceClusterReconciler.class);

    /** The ring changes without Kubernetes events (joins, repairs): look again this often. */
    static final Duration RECHECK = Duration.ofSeconds(10);

    private final NodeClient nodes;
    private final ClusterTokens tokens = new ClusterTokens();

    public MapReduceClusterReconciler() {
        this(new NodeClient(NodeClient.podDns()));
    }

    public MapReduceClusterReconciler(NodeClient nodes) {
        this.nodes = nodes;
    }

    @Override
    public UpdateControl<MapReduceCluster> reconcile(MapReduceCluster cluster, Context<MapReduceCluster> context) {
        StatefulSet sts = context.getSecondaryResource(StatefulSet.class).orElse(null);
        MapReduceClusterStatus status = new MapReduceClusterStatus();
        status.replicas = sts == null || sts.getSpec().getReplicas() == null ? 0 : sts.getSpec().getReplicas();
        status.readyReplicas = sts == null || sts.getStatus() == null || sts.getStatus().getReadyReplicas() == null
                ? 0 : sts.getStatus().getReadyReplicas();
        status.labelSelector = ClusterNames.selectorString(cluster);
        status.observedGeneration = cluster.getMetadata().getGeneration();
        boolean ready = status.replicas > 0 && status.readyReplicas == status.replicas;
        Optional<RingView> ring = status.readyReplicas == 0 ? Optional.empty()
                : ring(cluster, context.getClient(), status.replicas);
        ring.ifPresent(r -> {
            status.members = r.members().stream().map(RingView.Member::name).sorted().toList();
            status.underReplicated = r.underReplicated();
        });
        boolean healthy = ready && ring.map(r -> r.size() == status.replicas && r.underReplicated() == 0).orElse(false);
        status.ring = healthy ? "healthy" : "degraded";
        status.conditions = readyCondition(cluster, ready, status);
        status.conditions = health(cluster, context, status, ring.orElse(null), healthy);
        List<String> ignored = PodTemplateMerge.ignored(cluster);
        status.ignoredTemplateFields = ignored.isEmpty() ? null : ignored;
        List<String> before = cluster.getStatus() == null ? null : cluster.getStatus().ignoredTemplateFields;
        if (!ignored.isEmpty() && !ignored.equals(before)) {
            Events.warning(context.getClient(), cluster, Reason.TemplateIgnored.name(), "spec.template sets what the operator sets itself; "
                    + "ignored: " + String.join(", ", ignored));
        }

        MapReduceCluster patch = new MapReduceCluster();
        patch.setMetadata(new ObjectMetaBuilder().withName(cluster.getMetadata().getName())
                .withNamespace(cluster.getMetadata().getNamespace()).build());
        patch.setStatus(status);
        return UpdateControl.patchStatus(patch).rescheduleAfter(RECHECK);
    }

    /** The ring as the first answering pod sees it; empty while none answers. */
    private Optional<RingView> ring(MapReduceCluster cluster, KubernetesClient client, int pods) {
        try {
            return Optional.of(tokens.api(nodes, client, cluster, pods).ring());
        } catch (NodeApiException e) {
            log.debug("operator: cluster={}/{} ring unknown: {}", cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Degraded, with the numbers, and the events of its changes: RingDegraded when a ring that was
     * whole loses members or copies, Repaired when it is whole again, Scaled when the pod count
     * changed. A new cluster is Degraded (Starting) until its ring is first whole, without events.
     */
    private static List<Condition> health(MapReduceCluster cluster, Context<MapReduceCluster> context, MapReduceClusterStatus status,
                                          RingView ring, boolean healthy) {
        MapReduceClusterStatus prev = cluster.getStatus();
        List<Condition> before = prev == null ? null : prev.conditions;
        String message = ring == null ? "no node answered; " + status.readyReplicas + " of " + status.replicas + " pods ready"
                : ring.size() + " of " + status.replicas + " pods are ring members, " + ring.underReplicated()
                + " keys lack copies (replication " + ring.replication() + ")";
        Optional<Condition> was = Conditions.find(before, ConditionType.Degraded);
        boolean everWhole = was.map(c -> !Reason.Starting.name().equals(c.getReason())).orElse(false);
        Reason reason = healthy ? Reason.Healthy : everWhole ? Reason.RingDegraded : Reason.Starting;
        var client = context.getClient();
        boolean wasDegraded = was.map(c -> "True".equals(c.getStatus())).orElse(true);
        if (!healthy && !wasDegraded) {
            Events.warning(client, cluster, Reason.RingDegraded.name(), message);
        } else if (healthy && wasDegraded && everWhole) {
            Events.normal(client, cluster, Reason.Repaired.name(), message);
        }
        if (prev != null && prev.replicas > 0 && prev.replicas != status.replicas) {
            Events.normal(client, cluster, Reason.Scaled.name(), "scaled from " + prev.replicas + " to " + status.replicas + " pods");
        }
        return Conditions.with(before, status.conditions, ConditionType.Degraded, !healthy, reason, message,
                cluster.getMetadata().getGeneration());
    }

    /** Ready, keeping its transition time while it stays the same. */
    private static List<Condition> readyCondition(MapReduceCluster cluster, boolean ready, MapReduceClusterStatus status) {
        return Conditions.with(cluster.getStatus() == null ? null : cluster.getStatus().conditions, List.of(), ConditionType.Ready, ready,
                ready ? Reason.AllNodesReady : Reason.NodesNotReady, status.readyReplicas + " of " + status.replicas + " nodes ready",
                cluster.getMetadata().getGeneration());
    }
}