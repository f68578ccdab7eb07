package io.chordmr.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart against the kustomization: Helm's own lint, its rendering applied to an API
 * server, and the same objects as {@code manifests/} renders for the same settings.
 */
@EnableKubernetesMockClient(crud = true)
class HelmChartTest {

    private static final Path ROOT = Path.of("..");
    private static final Path CHART = ROOT.resolve("charts/chordmr-operator");
    private static final String NS = "chordmr-system";
    private static final ObjectMapper JSON = new ObjectMapper();
    static KubernetesClient client;

    private static List<HasMetadata> template(UnaryOperator<TemplateCommand> settings) {
        String yaml = settings.apply(new Helm(CHART).template().withName("chordmr").withNamespace(NS)).call();
        return Kustomization.load(yaml);
    }

    @Test
    void helmLintFindsNothing() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).as("remarks").noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void theChartRendersWhatTheKustomizationDoes() throws IOException {
        List<HasMetadata> kustomized = Kustomization.render(ROOT.resolve("manifests"));
        List<HasMetadata> crds = kustomized.stream().filter(o -> o.getKind().equals("CustomResourceDefinition")).toList();
        assertThat(crds).hasSize(2);
        // helm template leaves out crds/, which CrdGenerationTest keeps equal to the committed CRDs.
        assertThat(canonical(template(t -> t.set("createNamespace", true))))
                .isEqualTo(canonical(kustomized.stream().filter(o -> !crds.contains(o)).toList()));
    }

    @Test
    void withMonitoringTheChartRendersWhatTheMonitoringComponentAdds() throws IOException {
        List<HasMetadata> kustomized = Kustomization.render(ROOT.resolve("examples/monitoring")).stream()
                .filter(o -> !o.getKind().equals("CustomResourceDefinition")).toList();
        assertThat(kustomized).extracting(HasMetadata::getKind).contains("ServiceMonitor", "PodMonitor", "Service");
        assertThat(canonical(template(t -> t.set("createNamespace", true).set("monitoring.enabled", true))))
                .isEqualTo(canonical(kustomized));
    }

    @Test
    void valuesReachTheDeployment(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("values.yaml"), """
                image: {tag: 9.9.9, pullPolicy: Always}
                replicaCount: 3
                watchNamespaces: [team-a, team-b]
                logFormat: text
                resources: {limits: {memory: 1Gi}}
                nodeSelector: {pool: ops}
                """);
        Deployment d = only(template(t -> t.withValuesFile(values)), Deployment.class);
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("ghcr.io/chordmr/chordmr-operator:9.9.9");
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        assertThat(c.getEnv()).contains(new EnvVar("WATCH_NAMESPACES", "team-a,team-b", null), new EnvVar("CHORDMR_LOG_JSON", "false", null));
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
        assertThat(d.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("pool", "ops");
        assertThat(template(t -> t)).extracting(HasMetadata::getKind).doesNotContain("Namespace", "ServiceMonitor");
    }

    @Test
    void theRenderingAndTheChartsCrdsAreAcceptedByAnApiServer() throws IOException {
        // What the Prometheus Operator installs, reduced to the names the API server needs.
        for (String kind : List.of("ServiceMonitor", "PodMonitor")) {
            String plural = kind.toLowerCase() + "s";
            client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                    .withNewMetadata().withName(plural + ".monitoring.coreos.com").endMetadata()
                    .withNewSpec().withGroup("monitoring.coreos.com").withScope("Namespaced")
                    .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
                    .addNewVersion().withName("v1").withServed(true).withStorage(true)
                    .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                    .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build()).create();
        }
        List<HasMetadata> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(CHART.resolve("crds"))) {
            for (Path f : files.sorted().toList()) {
                objects.addAll(Kustomization.load(Files.readString(f)));
            }
        }
        objects.addAll(template(t -> t.set("createNamespace", true).set("monitoring.enabled", true)));
        for (HasMetadata o : objects) {
            assertThat(client.resource(o).create()).as("%s %s", o.getKind(), o.getMetadata().getName()).isNotNull();
        }
        assertThat(client.apps().deployments().inNamespace(NS).withName("chordmr-operator").get().getSpec().getReplicas()).isEqualTo(2);
    }

    /** Each object as a JSON tree, ordered by kind and name: equal text for equal objects, however the YAML was written. */
    private static List<JsonNode> canonical(List<HasMetadata> objects) {
        return objects.stream().sorted(Comparator.comparing((HasMetadata o) -> o.getKind()).thenComparing(o -> o.getMetadata().getName()))
                .map(o -> readTree(client.getKubernetesSerialization().asJson(o))).toList();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
