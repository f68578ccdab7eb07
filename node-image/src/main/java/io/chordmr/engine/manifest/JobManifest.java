package io.chordmr.engine.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chordmr.manifest.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@code MapReduceJob} manifest, the same YAML for {@code kubectl apply} and {@code chordmr
 * local}. Parsing rejects unknown fields and wrong types with a message naming the field, then
 * {@link JobSpecValidator} checks the values.
 */
public record JobManifest(String name, JobSpec spec) {

    public static final String API_VERSION = "chordmr.io/v1alpha1";
    public static final String KIND = "MapReduceJob";

    static final ObjectMapper STRICT = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static JobManifest parseYaml(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidJobException("the manifest is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidJobException("the manifest is empty or not a YAML mapping");
        }
        List<String> problems = new ArrayList<>();
        expect(root, "apiVersion", API_VERSION, problems);
        expect(root, "kind", KIND, problems);
        String name = root.path("metadata").path("name").asText(null);
        if (name == null || name.isBlank()) {
            problems.add("metadata.name is missing");
        }
        root.fieldNames().forEachRemaining(f -> {
            if (!List.of("apiVersion", "kind", "metadata", "spec", "status").contains(f)) {
                problems.add("unknown field '" + f + "'; a manifest has apiVersion, kind, metadata and spec");
            }
        });
        if (!root.has("spec")) {
            problems.add("spec is missing");
        }
        if (!problems.isEmpty()) {
            throw new InvalidJobException(problems);
        }
        JobSpec spec = specFrom(root.get("spec"));
        JobSpecValidator.validate(spec);
        return new JobManifest(name, spec);
    }

    /** Converts a spec tree, naming the field of any unknown property or wrong type. */
    public static JobSpec specFrom(JsonNode node) {
        try {
            return STRICT.treeToValue(node, JobSpec.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            throw new InvalidJobException("unknown field '" + path(e) + "'" + (known.isEmpty() ? "" : "; known fields there: " + known));
        } catch (InvalidFormatException e) {
            throw new InvalidJobException("field '" + path(e) + "' has the value '" + e.getValue() + "', which is not a "
                    + e.getTargetType().getSimpleName());
        } catch (MismatchedInputException e) {
            throw new InvalidJobException("field '" + path(e) + "' has the wrong shape: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidJobException("spec is not valid: " + e.getOriginalMessage());
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder("spec");
        for (JsonMappingException.Reference r : e.getPath()) {
            b.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return b.toString();
    }

    private static void expect(JsonNode root, String field, String value, List<String> problems) {
        String v = root.path(field).asText(null);
        if (v == null) {
            problems.add(field + " is missing; it must be " + value);
        } else if (!v.equals(value)) {
            problems.add(field + " is '" + v + "'; it must be " + value);
        }
    }
}
