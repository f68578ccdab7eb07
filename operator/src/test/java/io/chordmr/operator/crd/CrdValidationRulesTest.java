package io.chordmr.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.chordmr.manifest.InputSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.StepSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job CRD's CEL rules, evaluated on spec updates as the API server evaluates them (the mock
 * API server does not): a rule on the spec sees the whole old and new spec, a rule on a field runs
 * only when the field is in both. The rules come from the committed CRD.
 */
class CrdValidationRulesTest {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN).addVar("oldSelf", SimpleType.DYN).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private static JSONSchemaProps spec;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("..", "crds", "mapreducejobs.chordmr.io-v1.yml"))) {
            CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
            spec = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        }
    }

    private static JobSpec job() {
        JobSpec s = new JobSpec();
        s.setCluster("ring");
        InputSpec in = new InputSpec();
        in.setLines(List.of("a b", "b c"));
        s.setInput(in);
        s.setMapper(StepSpec.ofClass("io.chordmr.examples.WordCountMapper"));
        s.setReducer(StepSpec.ofClass("io.chordmr.examples.SumReducer"));
        s.setReduces(2);
        s.setTtlSecondsAfterFinished(60);
        return s;
    }

    /** The messages of the rules an update from {@code job()} to {@code job()} changed by {@code change} breaks. */
    private static List<String> broken(Consumer<JobSpec> change) throws Exception {
        JobSpec after = job();
        change.accept(after);
        Map<String, Object> old = asCel(job());
        Map<String, Object> now = asCel(after);
        List<String> out = new ArrayList<>();
        for (ValidationRule r : spec.getXKubernetesValidations()) {
            if (!eval(r.getRule(), now, old)) {
                out.add(r.getMessage());
            }
        }
        for (Map.Entry<String, JSONSchemaProps> p : spec.getProperties().entrySet()) {
            List<ValidationRule> rules = p.getValue().getXKubernetesValidations();
            if (rules == null || !old.containsKey(p.getKey()) || !now.containsKey(p.getKey())) {
                continue; // a transition rule runs only when the field has an old and a new value
            }
            for (ValidationRule r : rules) {
                if (!eval(r.getRule(), now.get(p.getKey()), old.get(p.getKey()))) {
                    out.add(r.getMessage());
                }
            }
        }
        return out;
    }

    private static boolean eval(String rule, Object self, Object oldSelf) throws Exception {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("self", self);
        vars.put("oldSelf", oldSelf);
        return (Boolean) RUNTIME.createProgram(COMPILER.compile(rule).getAst()).eval(vars);
    }

    /** The spec as JSON gives it to CEL: objects as maps, whole numbers as int (Long). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> asCel(JobSpec s) {
        return (Map<String, Object>) cel(Serialization.jsonMapper().convertValue(s, Map.class));
    }

    private static Object cel(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, cel(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(CrdValidationRulesTest::cel).toList();
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        return v;
    }

    @Test
    void theFieldsThatSayHowAJobEndsMayChange() throws Exception {
        assertThat(broken(s -> s.setSuspend(true))).isEmpty();
        assertThat(broken(s -> s.setActiveDeadlineSeconds(600L))).isEmpty();
        assertThat(broken(s -> s.setTtlSecondsAfterFinished(5))).isEmpty();
        assertThat(broken(s -> s.setTtlSecondsAfterFinished(null))).isEmpty();
        assertThat(broken(s -> { })).isEmpty();
    }

    @Test
    void theFieldsThatDefineAJobMayNot() throws Exception {
        assertThat(broken(s -> s.setMapper(StepSpec.ofClass("other.Mapper"))))
                .singleElement().asString().contains("spec.mapper");
        assertThat(broken(s -> s.setReduces(3))).singleElement().asString().contains("spec.reduces");
        assertThat(broken(s -> s.getInput().setLines(List.of("changed")))).singleElement().asString().contains("spec.input");
        assertThat(broken(s -> s.getConfig().put("k", "v"))).singleElement().asString().contains("spec.config");
        assertThat(broken(s -> s.setCluster("other"))).singleElement().asString().contains("spec.cluster");
    }

    @Test
    void anOptionalJobFieldCannotBeAddedOrRemovedEither() throws Exception {
        assertThat(broken(s -> s.setCombiner(StepSpec.ofClass("io.chordmr.examples.SumReducer"))))
                .singleElement().asString().contains("cannot be added or removed");
        assertThat(broken(s -> s.setReduces(null))).singleElement().asString().contains("cannot be added or removed");
    }
}
