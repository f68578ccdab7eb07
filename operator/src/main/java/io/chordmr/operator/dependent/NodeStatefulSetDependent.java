package io.chordmr.operator.dependent;

import io.chordmr.operator.crd.MapReduceCluster;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The ring's pods: stable names and a volume each, started in parallel, ready when they are ring
 * members. Scaling the StatefulSet directly is respected: the replica count follows the cluster's
 * spec only when the spec changed since the operator last saw it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_BY))
public class NodeStatefulSetDependent extends CRUDKubernetesDependentResource<StatefulSet, MapReduceCluster> {

    private static final int SEEDS = 3;
    /** Time for the preStop hand-off of a pod's chunks to their other replicas (about 1 GiB a minute at worst). */
    static final long GRACE_SECONDS = 120;
    /**
     * Before SIGTERM the node hands its keys to their other replicas and leaves the ring, so a
     * drain or scale-down never leaves chunks short of copies. Both images (Dockerfile and jib) put
     * the node's jar in /app/classpath and its libraries in /app/libs.
     */
    public static final List<String> PRE_STOP = List.of("java", "-cp", "/app/classpath/*:/app/libs/*", "io.chordmr.cli.ChordMr",
            "leave", "--ring", "127.0.0.1:" + ClusterNames.HTTP_PORT, "--token-file", "/etc/chordmr/" + TokenSecretDependent.KEY);

    public NodeStatefulSetDependent() {
        super(StatefulSet.class);
    }

    @Override
    public Matcher.Result<StatefulSet> match(StatefulSet actual, StatefulSet desired, MapReduceCluster primary, Context<MapReduceCluster> context) {
        return DesiredStamp.match(super.match(actual, desired, primary, context), actual, desired);
    }

    @Override
    protected StatefulSet desired(MapReduceCluster c, Context<MapReduceCluster> context) {
        String ns = c.getMetadata().getNamespace();
        String ring = ClusterNames.ring(c);
        StatefulSet sts = new StatefulSetBuilder()
                .withNewMetadata().withName(ClusterNames.nodes(c)).withNamespace(ns).withLabels(ClusterNames.labels(c, "node")).endMetadata()
                .withNewSpec()
                .withReplicas(replicas(c, context))
                .withServiceName(ring)
                .withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(ClusterNames.selector(c)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(ClusterNames.labels(c, "node")).endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(GRACE_SECONDS)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(10001L).withFsGroup(10001L).endSecurityContext()
                .addNewContainer()
                .withName("node")
                .withImage(c.getSpec().image != null ? c.getSpec().image : Images.node())
                .withArgs(args(c, ns, ring))
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef()
                .endValueFrom().endEnv()
                .addAllToEnv(memoryEnv(c))
                .addAllToEnv(userEnv(c))
                .withEnvFrom(c.getSpec().envFrom == null ? List.of() : c.getSpec().envFrom)
                .addNewPort().withName("ring").withContainerPort(ClusterNames.RING_PORT).endPort()
                .addNewPort().withName("http").withContainerPort(ClusterNames.HTTP_PORT).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/readyz").withNewPort(ClusterNames.HTTP_PORT).endHttpGet()
                .withPeriodSeconds(2).endReadinessProbe()
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withNewPort(ClusterNames.HTTP_PORT).endHttpGet()
                .withInitialDelaySeconds(10).withPeriodSeconds(10).endLivenessProbe()
                .withNewLifecycle().withNewPreStop().withNewExec().withCommand(PRE_STOP).endExec().endPreStop().endLifecycle()
                .withNewSecurityContext().withReadOnlyRootFilesystem(true).withAllowPrivilegeEscalation(false)
                .withNewCapabilities().addToDrop("ALL").endCapabilities().endSecurityContext()
                .withResources(c.getSpec().resources != null ? c.getSpec().resources : new ResourceRequirements())
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .addNewVolumeMount().withName("token").withMountPath("/etc/chordmr").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("token").withNewSecret().withSecretName(ClusterNames.token(c)).endSecret().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(c.getSpec().storageClassName)
                .withNewResources().addToRequests("storage", new Quantity(c.getSpec().storage)).endResources().endSpec()
                .endVolumeClaimTemplate()
                .endSpec().build();
        if (c.getSpec().tlsEnabled()) {
            withTls(c, sts.getSpec().getTemplate().getSpec());
        }
        PodTemplateMerge.apply(c, sts.getSpec().getTemplate());
        return DesiredStamp.stamped(sts);
    }

    /** Where the pods see the cluster's CA and the nodes' certificate (never the CA's key). */
    public static final String TLS_DIR = "/etc/chordmr-tls";

    /**
     * TLS on both ports: the certificate and the CA mounted from the TLS Secret, the node's flags,
     * probes over HTTPS (the kubelet does not check the certificate), and the preStop hook's
     * {@code chordmr leave} trusting the CA.
     */
    private static void withTls(MapReduceCluster c, PodSpec pod) {
        Container node = pod.getContainers().get(0);
        node.getArgs().addAll(List.of("--tls-cert", TLS_DIR + "/" + TlsSecretDependent.CERT, "--tls-key", TLS_DIR + "/" + TlsSecretDependent.KEY,
                "--tls-ca", TLS_DIR + "/" + TlsSecretDependent.CA_CERT));
        node.getVolumeMounts().add(new VolumeMountBuilder().withName("tls").withMountPath(TLS_DIR).withReadOnly(true).build());
        pod.getVolumes().add(new VolumeBuilder().withName("tls").withNewSecret().withSecretName(ClusterNames.tls(c))
                .addNewItem().withKey(TlsSecretDependent.CERT).withPath(TlsSecretDependent.CERT).endItem()
                .addNewItem().withKey(TlsSecretDependent.KEY).withPath(TlsSecretDependent.KEY).endItem()
                .addNewItem().withKey(TlsSecretDependent.CA_CERT).withPath(TlsSecretDependent.CA_CERT).endItem()
                .endSecret().build());
        node.getReadinessProbe().getHttpGet().setScheme("HTTPS");
        node.getLivenessProbe().getHttpGet().setScheme("HTTPS");
        List<String> leave = new ArrayList<>(PRE_STOP);
        leave.addAll(List.of("--ca-file", TLS_DIR + "/" + TlsSecretDependent.CA_CERT));
        node.getLifecycle().getPreStop().getExec().setCommand(leave);
    }

    /** The spec's count when the spec changed since last observed; otherwise the StatefulSet's own, however it got there. */
    static int replicas(MapReduceCluster c, Context<MapReduceCluster> context) {
        boolean specSeen = c.getStatus() != null && c.getStatus().observedGeneration != null
                && c.getStatus().observedGeneration.equals(c.getMetadata().getGeneration());
        return context.getSecondaryResource(StatefulSet.class)
                .filter(s -> specSeen && s.getSpec().getReplicas() != null)
                .map(s -> s.getSpec().getReplicas())
                .orElse(c.getSpec().replicas);
    }

    /**
     * Each node joins through the first pods by their stable DNS names; a fixed list, so scaling
     * never changes the pod template (which would restart every node).
     */
    private static List<String> args(MapReduceCluster c, String ns, String ring) {
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < SEEDS; i++) {
            seeds.add(ClusterNames.nodes(c) + "-" + i + "." + ring + "." + ns + ".svc:" + ClusterNames.RING_PORT);
        }
        List<String> a = new ArrayList<>(List.of("node", "--name", "$(POD_NAME)", "--bind", "0.0.0.0",
                "--advertise", "$(POD_NAME)." + ring + "." + ns + ".svc",
                "--port", String.valueOf(ClusterNames.RING_PORT), "--http-port", String.valueOf(ClusterNames.HTTP_PORT),
                "--data-dir", "/data", "--token-file", "/etc/chordmr/" + TokenSecretDependent.KEY,
                "--replication", String.valueOf(c.getSpec().replication), "--join", String.join(",", seeds)));
        NodeMemory memory = NodeMemory.of(c.getSpec().resources, c.getSpec().slots);
        int slots = memory == null ? c.getSpec().slots : NodeMemory.slots(c.getSpec().resources, c.getSpec().slots);
        if (slots > 0) {
            a.addAll(List.of("--slots", String.valueOf(slots)));
        }
        if (memory != null) {
            a.addAll(memory.args());
        }
        return a;
    }

    /** The names the operator sets itself; the spec's env cannot override them. */
    static final Set<String> OPERATOR_ENV = Set.of("POD_NAME", "JAVA_TOOL_OPTIONS");

    /** The spec's variables, but those the operator sets (a duplicate name in a container's env is ambiguous). */
    private static List<EnvVar> userEnv(MapReduceCluster c) {
        if (c.getSpec().env == null) {
            return List.of();
        }
        return c.getSpec().env.stream().filter(e -> !OPERATOR_ENV.contains(e.getName())).toList();
    }

    /** With a memory limit, the node's own heap is set so that its task processes fit beside it. */
    private static List<EnvVar> memoryEnv(MapReduceCluster c) {
        NodeMemory memory = NodeMemory.of(c.getSpec().resources, c.getSpec().slots);
        return memory == null ? List.of() : List.of(new EnvVar("JAVA_TOOL_OPTIONS", memory.javaToolOptions(), null));
    }
}
