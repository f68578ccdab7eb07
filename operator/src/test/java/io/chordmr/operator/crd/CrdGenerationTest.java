package io.chordmr.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRDs in {@code crds/} are what the classes generate. After changing a CR class, regenerate
 * them with {@code mvn -pl operator -am test -Dtest=CrdGenerationTest -Dchordmr.updateCrds=true}.
 */
class CrdGenerationTest {

    private static final Path COMMITTED = Path.of("..", "crds");
    /** Helm installs CRDs only from the chart's own crds/ directory: the same files, kept there too. */
    private static final Path CHART = Path.of("..", "charts", "chordmr-operator", "crds");
    private static final List<String> FILES = List.of("mapreduceclusters.chordmr.io-v1.yml", "mapreducejobs.chordmr.io-v1.yml");

    @TempDir
    static Path generated;

    @BeforeAll
    static void generate() throws Exception {
        int n = new CRDGenerator().customResourceClasses(MapReduceCluster.class, MapReduceJob.class).forCRDVersions("v1")
                .withPostProcessor(new io.fabric8.crdv2.generator.CRDPostProcessor() {
                    @Override
                    public io.fabric8.kubernetes.api.model.HasMetadata process(io.fabric8.kubernetes.api.model.HasMetadata crd, String v) {
                        return declaredColumnOrder(crd, v);
                    }
                }).inOutputDir(generated.toFile()).generate();
        assertThat(n).isEqualTo(2);
        if (Boolean.getBoolean("chordmr.updateCrds")) {
            for (String f : FILES) {
                Files.copy(generated.resolve(f), COMMITTED.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(generated.resolve(f), CHART.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The generator sorts printer columns by path; kubectl shows them in the order the class declares them. */
    private static io.fabric8.kubernetes.api.model.HasMetadata declaredColumnOrder(io.fabric8.kubernetes.api.model.HasMetadata crd,
                                                                                   String version) {
        CustomResourceDefinition d = (CustomResourceDefinition) crd;
        Class<?> cr = d.getSpec().getNames().getKind().equals("MapReduceJob") ? MapReduceJob.class : MapReduceCluster.class;
        List<String> order = java.util.Arrays.stream(cr.getAnnotationsByType(io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.class))
                .map(io.fabric8.crd.generator.annotation.AdditionalPrinterColumn::name).toList();
        for (CustomResourceDefinitionVersion v : d.getSpec().getVersions()) {
            v.getAdditionalPrinterColumns().sort(java.util.Comparator.comparingInt(c -> order.indexOf(c.getName())));
        }
        return crd;
    }

    private static CustomResourceDefinition committed(String file) throws Exception {
        return new KubernetesSerialization().unmarshal(Files.readString(COMMITTED.resolve(file)), CustomResourceDefinition.class);
    }

    @Test
    void committedCrdsAreWhatTheClassesGenerate() throws Exception {
        for (String f : FILES) {
            assertThat(COMMITTED.resolve(f)).as("crds/%s is missing or stale: regenerate it (see this test's Javadoc)", f)
                    .exists().hasSameTextualContentAs(generated.resolve(f));
            assertThat(CHART.resolve(f)).as("charts/chordmr-operator/crds/%s is missing or stale: regenerate it (see this test's Javadoc)", f)
                    .exists().hasSameTextualContentAs(generated.resolve(f));
        }
    }

    @Test
    void jobCrdHasShortNameStatusColumnsRequiredFieldsAndAnImmutableSpec() throws Exception {
        CustomResourceDefinition crd = committed(FILES.get(1));
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("mrj");
        CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
        assertThat(v.getName()).isEqualTo("v1alpha1");
        assertThat(v.getSubresources().getStatus()).isNotNull();
        assertThat(v.getAdditionalPrinterColumns()).extracting(c -> c.getName())
                .containsExactly("PHASE", "PROGRESS", "MAPS", "REDUCES", "AGE");
        JSONSchemaProps spec = v.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertThat(spec.getRequired()).contains("cluster", "input", "mapper", "reducer");
        assertThat(spec.getProperties().get("reduces").getMinimum()).isEqualTo(1.0);
        assertThat(spec.getProperties().get("mapper").getProperties()).containsKeys("class", "command");
        assertThat(spec.getXKubernetesValidations()).singleElement()
                .satisfies(rule -> assertThat(rule.getRule()).contains("has(oldSelf.combiner)"));
        assertThat(spec.getProperties().get("mapper").getXKubernetesValidations()).extracting(r -> r.getRule())
                .containsExactly("self == oldSelf");
        for (String mutable : List.of("suspend", "activeDeadlineSeconds", "ttlSecondsAfterFinished")) {
            assertThat(spec.getProperties().get(mutable).getXKubernetesValidations()).as(mutable).isNullOrEmpty();
        }
        assertThat(spec.getProperties().get("reduces").getDescription()).contains("reduce tasks");
    }

    @Test
    void clusterCrdHasTheScaleSubresource() throws Exception {
        CustomResourceDefinition crd = committed(FILES.get(0));
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("mrc");
        CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
        assertThat(v.getSubresources().getScale().getSpecReplicasPath()).isEqualTo(".spec.replicas");
        assertThat(v.getSubresources().getScale().getStatusReplicasPath()).isEqualTo(".status.replicas");
        assertThat(v.getSubresources().getScale().getLabelSelectorPath()).isEqualTo(".status.labelSelector");
        assertThat(v.getAdditionalPrinterColumns()).extracting(c -> c.getName()).containsExactly("READY", "REPLICAS", "RING", "AGE");
        assertThat(v.getSchema().getOpenAPIV3Schema().getProperties().get("spec").getProperties().get("replicas").getMinimum()).isEqualTo(1.0);
    }
}
