package io.chordmr.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceClusterSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodTemplateMergeTest {

    /** The StatefulSet the dependent would create for the cluster (no StatefulSet exists yet). */
    @SuppressWarnings("unchecked")
    private static StatefulSet desired(MapReduceCluster c) {
        Context<MapReduceCluster> none = (Context<MapReduceCluster>) Proxy.newProxyInstance(Context.class.getClassLoader(),
                new Class<?>[] {Context.class}, (p, m, a) -> m.getReturnType() == Optional.class ? Optional.empty() : null);
        return new NodeStatefulSetDependent().desired(c, none);
    }

    private static MapReduceCluster cluster() {
        MapReduceCluster c = new MapReduceCluster();
        c.setMetadata(new ObjectMetaBuilder().withName("ring").withNamespace("ns").build());
        c.setSpec(new MapReduceClusterSpec());
        c.getSpec().env = List.of(new EnvVar("AWS_REGION", "eu-west-1", null));
        return c;
    }

    private static Container node(StatefulSet s) {
        return s.getSpec().getTemplate().getSpec().getContainers().stream().filter(x -> x.getName().equals("node")).findFirst()
                .orElseThrow();
    }

    @Test
    void placementAndExtrasFromTheTemplateReachThePodsBesideTheOperatorsOwn() {
        MapReduceCluster c = cluster();
        c.getSpec().template = new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("team", "search").addToAnnotations("prometheus.io/scrape", "true").endMetadata()
                .withNewSpec()
                .addToNodeSelector("disk", "ssd")
                .addToTolerations(new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("mr")
                        .withEffect("NoSchedule").build())
                .withNewAffinity().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(100)
                .withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname").endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity()
                .withPriorityClassName("batch-high").withServiceAccountName("mr-nodes")
                .addNewImagePullSecret().withName("registry").endImagePullSecret()
                .addNewVolume().withName("cache").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewContainer().withName("node")
                .addNewEnv().withName("API_KEY").withNewValueFrom().withNewSecretKeyRef("key", "api", false).endValueFrom().endEnv()
                .addNewEnvFrom().withNewConfigMapRef().withName("settings").endConfigMapRef().endEnvFrom()
                .addNewVolumeMount().withName("cache").withMountPath("/cache").endVolumeMount()
                .withNewResources().addToLimits("memory", new Quantity("2Gi")).endResources()
                .endContainer()
                .addNewContainer().withName("log-shipper").withImage("fluent-bit:3").endContainer()
                .endSpec().build();

        StatefulSet s = desired(c);
        var pod = s.getSpec().getTemplate();
        assertThat(pod.getMetadata().getLabels()).containsEntry("team", "search").containsAllEntriesOf(ClusterNames.labels(c, "node"));
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true");
        PodSpec spec = pod.getSpec();
        assertThat(spec.getNodeSelector()).containsEntry("disk", "ssd");
        assertThat(spec.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
        assertThat(spec.getAffinity().getPodAntiAffinity()).isNotNull();
        assertThat(spec.getPriorityClassName()).isEqualTo("batch-high");
        assertThat(spec.getServiceAccountName()).isEqualTo("mr-nodes");
        assertThat(spec.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("registry");
        assertThat(spec.getVolumes()).extracting(Volume::getName).containsExactly("token", "tmp", "tls", "cache");
        assertThat(spec.getContainers()).extracting(Container::getName).containsExactly("node", "log-shipper");
        Container node = node(s);
        assertThat(node.getEnv()).extracting(EnvVar::getName).containsExactly("POD_NAME", "AWS_REGION", "API_KEY");
        assertThat(node.getEnv().get(2).getValueFrom().getSecretKeyRef().getName()).isEqualTo("api");
        assertThat(node.getEnvFrom()).singleElement().satisfies(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("settings"));
        assertThat(node.getVolumeMounts()).extracting(VolumeMount::getMountPath).containsExactly("/data", "/etc/chordmr", "/tmp", "/etc/chordmr-tls", "/cache");
        assertThat(node.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
        // The operator's own stay as generated.
        assertThat(node.getArgs()).startsWith("node", "--name", "$(POD_NAME)");
        assertThat(node.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(PodTemplateMerge.ignored(c)).isEmpty();
    }

    @Test
    void whatTheOperatorSetsItselfIsIgnoredAndNamed() {
        MapReduceCluster c = cluster();
        c.getSpec().template = new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("app.kubernetes.io/instance", "other").endMetadata()
                .withNewSpec()
                .withHostNetwork(true)
                .withNewSecurityContext().withRunAsUser(0L).endSecurityContext()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .addToContainers(new ContainerBuilder().withName("node").withCommand("sh", "-c", "sleep 1000")
                        .addNewEnv().withName("POD_NAME").withValue("fake").endEnv()
                        .addNewVolumeMount().withName("x").withMountPath("/etc/chordmr").endVolumeMount()
                        .addNewPort().withContainerPort(9999).endPort().build())
                .endSpec().build();

        assertThat(PodTemplateMerge.ignored(c)).containsExactlyInAnyOrder(
                "template.metadata.labels[app.kubernetes.io/instance]",
                "template.spec.hostNetwork",
                "template.spec.securityContext",
                "template.spec.volumes[data]",
                "template.spec.containers[node].command",
                "template.spec.containers[node].ports",
                "template.spec.containers[node].env[POD_NAME]",
                "template.spec.containers[node].volumeMounts[x]");
        StatefulSet s = desired(c);
        Container node = node(s);
        assertThat(node.getCommand()).isNullOrEmpty();
        assertThat(node.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(7400, 7480);
        assertThat(node.getEnv()).filteredOn(e -> e.getName().equals("POD_NAME")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name"));
        assertThat(node.getVolumeMounts()).extracting(VolumeMount::getMountPath).containsExactly("/data", "/etc/chordmr", "/tmp", "/etc/chordmr-tls");
        assertThat(s.getSpec().getTemplate().getSpec().getHostNetwork()).isNull();
        assertThat(s.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(s.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", "ring");
        assertThat(s.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getName().equals("data")).isEmpty();
        assertThat(PodTemplateMerge.ignored(cluster())).isEmpty();
    }
}
