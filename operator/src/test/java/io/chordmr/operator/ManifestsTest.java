package io.chordmr.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.dependent.Images;
import io.chordmr.operator.reconciler.MapReduceClusterReconciler;
import io.chordmr.operator.reconciler.MapReduceJobReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl apply -k manifests/} installs: every object valid and accepted by an API
 * server, the RBAC covering every object the operator writes, the Deployment as the README
 * promises, and the example manifests runnable on the example cluster.
 */
@EnableKubernetesMockClient(crud = true)
class ManifestsTest {

    private static final Path ROOT = Path.of("..");
    static KubernetesClient client;

    @Test
    void everyObjectTheKustomizationListsIsAcceptedByAnApiServer() throws IOException {
        List<HasMetadata> objects = kustomization(ROOT.resolve("manifests"));
        assertThat(objects).extracting(HasMetadata::getKind).contains("CustomResourceDefinition", "Namespace", "ServiceAccount",
                "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "NetworkPolicy");
        for (HasMetadata o : objects) {
            assertThat(client.resource(o).create()).as("%s %s", o.getKind(), o.getMetadata().getName()).isNotNull();
        }
    }

    @Test
    void theDeploymentRunsTwoNonRootReplicasOfThisVersionWithProbesOnTheOperatorsPort() throws IOException {
        Deployment d = only(kustomization(ROOT.resolve("manifests")), Deployment.class);
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        var pod = d.getSpec().getTemplate().getSpec();
        var c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo(Images.operator());
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(c.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(8080);
        assertThat(c.getEnv()).extracting(e -> e.getName()).contains("POD_NAME", "POD_NAMESPACE");
        assertThat(c.getResources().getLimits()).containsKey("memory");
        assertThat(Images.node()).endsWith(Images.operator().substring(Images.operator().lastIndexOf(':')));
    }

    @Test
    void theClusterRoleCoversEveryObjectTheReconcilersWrite() throws Exception {
        List<HasMetadata> objects = kustomization(ROOT.resolve("manifests"));
        List<PolicyRule> rules = only(objects, ClusterRole.class).getRules();
        List<String> all = List.of("get", "list", "watch", "create", "update", "patch", "delete");
        for (Dependent dep : MapReduceClusterReconciler.class.getAnnotation(Workflow.class).dependents()) {
            Class<? extends HasMetadata> type = ((KubernetesDependentResource<?, ?>) dep.type().getDeclaredConstructor().newInstance())
                    .resourceType();
            for (String verb : all) {
                assertThat(allows(rules, HasMetadata.getGroup(type), HasMetadata.getPlural(type), verb))
                        .as("%s on %s", verb, HasMetadata.getPlural(type)).isTrue();
            }
        }
        for (Class<? extends HasMetadata> cr : List.of(MapReduceCluster.class, MapReduceJob.class)) {
            for (String verb : List.of("get", "list", "watch", "patch", "update")) {
                assertThat(allows(rules, "chordmr.io", HasMetadata.getPlural(cr), verb)).isTrue();
            }
            assertThat(allows(rules, "chordmr.io", HasMetadata.getPlural(cr) + "/status", "patch")).isTrue();
        }
        assertThat(allows(rules, "chordmr.io", "mapreducejobs", "delete")).as("ttlSecondsAfterFinished").isTrue();
        assertThat(allows(rules, "chordmr.io", "mapreduceclusters", "delete")).as("least privilege").isFalse();
        assertThat(allows(rules, "", "events", "create")).isTrue();
        assertThat(allows(rules, "", "pods", "get")).as("least privilege").isFalse();
        List<PolicyRule> leader = only(objects, Role.class).getRules();
        for (String verb : List.of("get", "create", "update")) {
            assertThat(allows(leader, "coordination.k8s.io", "leases", verb)).isTrue();
        }
    }

    @Test
    void everyExampleJobNamesTheExampleClusterAndIsValid() throws IOException {
        MapReduceCluster cluster = load(ROOT.resolve("examples/cluster.yaml"), MapReduceCluster.class);
        try (Stream<Path> files = Files.list(ROOT.resolve("examples"))) {
            List<Path> jobs = files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("cluster.yaml")).sorted().toList();
            assertThat(jobs).hasSizeGreaterThanOrEqualTo(8);
            for (Path f : jobs) {
                MapReduceJob job = load(f, MapReduceJob.class);
                assertThat(job.getSpec().getCluster()).as("%s", f).isEqualTo(cluster.getMetadata().getName());
                assertThat(MapReduceJobReconciler.problems(job.getSpec())).as("%s", f).isEmpty();
            }
        }
    }

    private static boolean allows(List<PolicyRule> rules, String group, String resource, String verb) {
        return rules.stream().anyMatch(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource)
                && (r.getVerbs().contains(verb) || r.getVerbs().contains("*")));
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<HasMetadata> kustomization(Path dir) throws IOException {
        return Kustomization.render(dir);
    }

    private static <T> T load(Path file, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return client.getKubernetesSerialization().unmarshal(in, type);
        }
    }
}
