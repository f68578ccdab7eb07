package io.chordmr.operator.kubectl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code kubectl} asks an API server before it does anything, and fabric8's mock server does
 * not answer: the legacy discovery documents ({@code /api}, {@code /apis}, a resource list per
 * group version) and an OpenAPI v3 index whose documents name each kind's PATCH operation with
 * the {@code fieldValidation} parameter, from which kubectl concludes that the server validates
 * fields itself and needs no schema on the client's side.
 */
final class Discovery {

    /** One resource type the walkthrough touches: its group version, plural, kind, scope, short names and subresources. */
    record Resource(String group, String version, String plural, String kind, boolean namespaced, List<String> shortNames,
                    List<String> subresources) {

        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        String prefix() {
            return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        }
    }

    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<Resource> BUILT_IN = List.of(
            new Resource("", "v1", "namespaces", "Namespace", false, List.of("ns"), List.of("status")),
            new Resource("", "v1", "serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of()),
            new Resource("", "v1", "services", "Service", true, List.of("svc"), List.of("status")),
            new Resource("", "v1", "secrets", "Secret", true, List.of(), List.of()),
            new Resource("", "v1", "configmaps", "ConfigMap", true, List.of("cm"), List.of()),
            new Resource("", "v1", "pods", "Pod", true, List.of("po"), List.of("status")),
            new Resource("", "v1", "events", "Event", true, List.of("ev"), List.of()),
            new Resource("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), List.of("status")),
            new Resource("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), List.of("status", "scale")),
            new Resource("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts"), List.of("status", "scale")),
            new Resource("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, List.of(), List.of()),
            new Resource("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, List.of(), List.of()),
            new Resource("rbac.authorization.k8s.io", "v1", "roles", "Role", true, List.of(), List.of()),
            new Resource("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, List.of(), List.of()),
            new Resource("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, List.of("netpol"), List.of()),
            new Resource("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"), List.of("status")),
            new Resource("coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), List.of()),
            new Resource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false,
                    List.of("crd", "crds"), List.of("status")));

    private Discovery() {
    }

    /** The resource types a CRD serves, one per served version. */
    static List<Resource> of(CustomResourceDefinition crd) {
        List<Resource> out = new ArrayList<>();
        var names = crd.getSpec().getNames();
        for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
            List<String> sub = new ArrayList<>();
            if (v.getSubresources() != null && v.getSubresources().getStatus() != null) {
                sub.add("status");
            }
            if (v.getSubresources() != null && v.getSubresources().getScale() != null) {
                sub.add("scale");
            }
            out.add(new Resource(crd.getSpec().getGroup(), v.getName(), names.getPlural(), names.getKind(),
                    "Namespaced".equals(crd.getSpec().getScope()), names.getShortNames() == null ? List.of() : names.getShortNames(), sub));
        }
        return out;
    }

    /** Answers every discovery and OpenAPI request kubectl makes for these resource types, for as long as the server runs. */
    static void serve(KubernetesMockServer server, List<Resource> resources) {
        Map<String, List<Resource>> byGroupVersion = new TreeMap<>();
        resources.forEach(r -> byGroupVersion.computeIfAbsent(r.groupVersion(), k -> new ArrayList<>()).add(r));
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, Object> openApiPaths = new TreeMap<>();
        for (var e : byGroupVersion.entrySet()) {
            Resource first = e.getValue().get(0);
            if (!first.group().isEmpty()) {
                groups.computeIfAbsent(first.group(), g -> new ArrayList<>()).add(first.version());
            }
            List<Map<String, Object>> listed = new ArrayList<>();
            Map<String, Object> paths = new TreeMap<>();
            for (Resource r : e.getValue()) {
                listed.add(Map.of("name", r.plural(), "singularName", r.kind().toLowerCase(), "namespaced", r.namespaced(),
                        "kind", r.kind(), "verbs", VERBS, "shortNames", r.shortNames()));
                for (String s : r.subresources()) {
                    listed.add(s.equals("scale")
                            ? Map.of("name", r.plural() + "/scale", "singularName", "", "namespaced", r.namespaced(), "group", "autoscaling",
                                    "version", "v1", "kind", "Scale", "verbs", List.of("get", "patch", "update"))
                            : Map.of("name", r.plural() + "/" + s, "singularName", "", "namespaced", r.namespaced(), "kind", r.kind(),
                                    "verbs", List.of("get", "patch", "update")));
                }
                String item = r.prefix() + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural() + "/{name}";
                paths.put(item, Map.of("patch", Map.of(
                        "x-kubernetes-group-version-kind", Map.of("group", r.group(), "version", r.version(), "kind", r.kind()),
                        "parameters", List.of(Map.of("name", "fieldValidation", "in", "query", "schema", Map.of("type", "string"))),
                        "responses", Map.of("200", Map.of("description", "OK")))));
            }
            get(server, first.prefix(), Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", e.getKey(), "resources", listed));
            String doc = "/openapi/v3" + first.prefix();
            get(server, doc, Map.of("openapi", "3.0.0", "info", Map.of("title", "Kubernetes", "version", "v1.32.0"), "paths", paths,
                    "components", Map.of("schemas", Map.of())));
            openApiPaths.put(first.prefix().substring(1), Map.of("serverRelativeURL", doc));
        }
        get(server, "/api", Map.of("kind", "APIVersions", "versions", List.of("v1"),
                "serverAddressByClientCIDRs", List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "127.0.0.1"))));
        List<Map<String, Object>> groupList = new ArrayList<>();
        groups.forEach((g, versions) -> groupList.add(Map.of("name", g,
                "versions", versions.stream().map(v -> Map.of("groupVersion", g + "/" + v, "version", v)).toList(),
                "preferredVersion", Map.of("groupVersion", g + "/" + versions.get(0), "version", versions.get(0)))));
        get(server, "/apis", Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groupList));
        get(server, "/openapi/v3", Map.of("paths", openApiPaths));
    }

    private static void get(KubernetesMockServer server, String path, Object body) {
        try {
            String json = JSON.writeValueAsString(body);
            // kubectl adds ?timeout=32s to some of these: answer the path with and without it.
            server.expect().get().withPath(path).andReturn(200, json).always();
            server.expect().get().withPath(path + "?timeout=32s").andReturn(200, json).always();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
