package io.chordmr.operator.dependent;

import io.chordmr.operator.crd.MapReduceCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A cluster's {@code spec.template} merged into the node pods the operator generates, as the Flink
 * and Spark operators merge their pod templates: placement and extras are added, the operator's
 * own fields win, and every user value that lost is named, for a Warning event.
 */
public final class PodTemplateMerge {

    /** The node container, whose fields in a template add to the generated one. */
    public static final String NODE_CONTAINER = "node";
    /** The generated pod's own volumes and where they are mounted. */
    static final Set<String> OWN_VOLUMES = Set.of("data", "token", "tmp", "tls");
    static final Set<String> OWN_MOUNT_PATHS = Set.of("/data", "/etc/chordmr", "/tmp");

    /** Pod spec fields taken from the template when it sets them. */
    private static final Set<String> POD_FIELDS = Set.of("nodeSelector", "tolerations", "affinity", "topologySpreadConstraints",
            "priorityClassName", "imagePullSecrets", "serviceAccountName", "schedulerName", "runtimeClassName", "hostAliases",
            "initContainers", "volumes", "containers");
    /** Node container fields taken from the template. */
    private static final Set<String> NODE_FIELDS = Set.of("name", "env", "envFrom", "volumeMounts", "resources", "image");

    private PodTemplateMerge() {
    }

    /** The template's user values that the merge leaves out, by path: what a Warning event names. */
    public static List<String> ignored(MapReduceCluster c) {
        List<String> out = new ArrayList<>();
        PodTemplateSpec t = c.getSpec().template;
        if (t == null) {
            return out;
        }
        if (t.getMetadata() != null && t.getMetadata().getLabels() != null) {
            Map<String, String> own = ClusterNames.labels(c, "node");
            t.getMetadata().getLabels().forEach((k, v) -> {
                if (own.containsKey(k) && !own.get(k).equals(v)) {
                    out.add("template.metadata.labels[" + k + "]");
                }
            });
        }
        PodSpec spec = t.getSpec();
        if (spec == null) {
            return out;
        }
        fieldsOutside(spec, POD_FIELDS).forEach(f -> out.add("template.spec." + f));
        for (Volume v : list(spec.getVolumes())) {
            if (OWN_VOLUMES.contains(v.getName())) {
                out.add("template.spec.volumes[" + v.getName() + "]");
            }
        }
        Container node = nodeContainer(spec);
        if (node != null) {
            String at = "template.spec.containers[" + NODE_CONTAINER + "].";
            fieldsOutside(node, NODE_FIELDS).forEach(f -> out.add(at + f));
            for (EnvVar e : list(node.getEnv())) {
                if (NodeStatefulSetDependent.OPERATOR_ENV.contains(e.getName())) {
                    out.add(at + "env[" + e.getName() + "]");
                }
            }
            for (VolumeMount m : list(node.getVolumeMounts())) {
                if (OWN_VOLUMES.contains(m.getName()) || OWN_MOUNT_PATHS.contains(m.getMountPath())) {
                    out.add(at + "volumeMounts[" + m.getName() + "]");
                }
            }
            if (node.getImage() != null && c.getSpec().image != null && !node.getImage().equals(c.getSpec().image)) {
                out.add(at + "image");
            }
            if (node.getResources() != null && c.getSpec().resources != null) {
                out.add(at + "resources");
            }
        }
        return out;
    }

    /** Adds the template's values to the generated pod template, in place; the generated values stand where both set one. */
    public static void apply(MapReduceCluster c, PodTemplateSpec generated) {
        PodTemplateSpec t = c.getSpec().template;
        if (t == null) {
            return;
        }
        if (t.getMetadata() != null) {
            generated.getMetadata().setLabels(under(t.getMetadata().getLabels(), generated.getMetadata().getLabels()));
            generated.getMetadata().setAnnotations(under(t.getMetadata().getAnnotations(), generated.getMetadata().getAnnotations()));
        }
        PodSpec from = t.getSpec();
        if (from == null) {
            return;
        }
        PodSpec to = generated.getSpec();
        setIf(from.getNodeSelector(), to::setNodeSelector);
        setIf(from.getTolerations(), to::setTolerations);
        setIf(from.getAffinity(), to::setAffinity);
        setIf(from.getTopologySpreadConstraints(), to::setTopologySpreadConstraints);
        setIf(from.getPriorityClassName(), to::setPriorityClassName);
        setIf(from.getImagePullSecrets(), to::setImagePullSecrets);
        setIf(from.getServiceAccountName(), to::setServiceAccountName);
        setIf(from.getSchedulerName(), to::setSchedulerName);
        setIf(from.getRuntimeClassName(), to::setRuntimeClassName);
        setIf(from.getHostAliases(), to::setHostAliases);
        setIf(from.getInitContainers(), to::setInitContainers);
        to.setVolumes(append(to.getVolumes(), list(from.getVolumes()), v -> OWN_VOLUMES.contains(v.getName())));
        Container node = to.getContainers().stream().filter(x -> NODE_CONTAINER.equals(x.getName())).findFirst().orElseThrow();
        Container userNode = nodeContainer(from);
        if (userNode != null) {
            node.setEnv(append(node.getEnv(), list(userNode.getEnv()), e -> NodeStatefulSetDependent.OPERATOR_ENV.contains(e.getName())));
            node.setEnvFrom(append(node.getEnvFrom(), list(userNode.getEnvFrom()), e -> false));
            node.setVolumeMounts(append(node.getVolumeMounts(), list(userNode.getVolumeMounts()),
                    m -> OWN_VOLUMES.contains(m.getName()) || OWN_MOUNT_PATHS.contains(m.getMountPath())));
            if (c.getSpec().image == null && userNode.getImage() != null) {
                node.setImage(userNode.getImage());
            }
            if (c.getSpec().resources == null && userNode.getResources() != null) {
                node.setResources(userNode.getResources());
            }
        }
        for (Container sidecar : list(from.getContainers())) {
            if (!NODE_CONTAINER.equals(sidecar.getName())) {
                to.getContainers().add(sidecar);
            }
        }
    }

    private static Container nodeContainer(PodSpec spec) {
        return list(spec.getContainers()).stream().filter(x -> NODE_CONTAINER.equals(x.getName())).findFirst().orElse(null);
    }

    /** The fields an object sets (as JSON has them) beyond those listed. */
    private static List<String> fieldsOutside(Object o, Set<String> taken) {
        Map<?, ?> json = Serialization.jsonMapper().convertValue(o, Map.class);
        List<String> out = new ArrayList<>();
        json.forEach((k, v) -> {
            boolean set = v != null && !(v instanceof Map<?, ?> m && m.isEmpty()) && !(v instanceof List<?> l && l.isEmpty());
            if (set && !taken.contains(String.valueOf(k))) {
                out.add(String.valueOf(k));
            }
        });
        return out;
    }

    /** The user's entries, then the generated ones over them. */
    private static Map<String, String> under(Map<String, String> user, Map<String, String> generated) {
        Map<String, String> out = new LinkedHashMap<>();
        if (user != null) {
            out.putAll(user);
        }
        if (generated != null) {
            out.putAll(generated);
        }
        return out.isEmpty() ? null : out;
    }

    private static <T> List<T> append(List<T> generated, List<T> user, Function<T, Boolean> reserved) {
        List<T> out = new ArrayList<>(generated == null ? List.of() : generated);
        user.stream().filter(x -> !reserved.apply(x)).forEach(out::add);
        return out;
    }

    private static <T> void setIf(T value, Consumer<T> setter) {
        if (value != null && !(value instanceof List<?> l && l.isEmpty()) && !(value instanceof Map<?, ?> m && m.isEmpty())) {
            setter.accept(value);
        }
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l.stream().filter(Objects::nonNull).toList();
    }
}
