package io.chordmr.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The objects a kustomization renders, for the plain ones in this repository: its resources, each
 * file or a directory with a kustomization of its own, then its components' resources. No
 * patches or transformers are followed, and a kustomization that uses any is refused.
 */
public final class Kustomization {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private Kustomization() {
    }

    @SuppressWarnings("unchecked")
    public static List<HasMetadata> render(Path dir) throws IOException {
        Map<String, Object> k = YAML.unmarshal(Files.readString(dir.resolve("kustomization.yaml")), Map.class);
        List<String> followed = List.of("apiVersion", "kind", "resources", "components");
        if (!followed.containsAll(k.keySet())) {
            throw new IllegalArgumentException(dir + "/kustomization.yaml uses more than " + followed + ": render it with kubectl kustomize");
        }
        List<HasMetadata> out = new ArrayList<>();
        for (String r : (List<String>) k.getOrDefault("resources", List.of())) {
            Path p = dir.resolve(r).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(render(p));
            } else {
                out.addAll(load(Files.readString(p)));
            }
        }
        for (String c : (List<String>) k.getOrDefault("components", List.of())) {
            out.addAll(render(dir.resolve(c).normalize()));
        }
        return out;
    }

    /** Every object of a multi-document YAML text. */
    public static List<HasMetadata> load(String yaml) {
        Object parsed = YAML.unmarshal(yaml);
        if (parsed instanceof List<?> l) {
            return l.stream().map(HasMetadata.class::cast).toList();
        }
        return parsed == null ? List.of() : List.of((HasMetadata) parsed);
    }
}
