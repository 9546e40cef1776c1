package io.synclane.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Refreshes the schema snapshot under src/test/resources/schemas from the upstream files (see SOURCES.md there),
 * so that the build needs no network: the definitions of the Kubernetes kinds deploy/k8s uses, and the served
 * version's openAPIV3Schema of each CRD, both verbatim but for their {@code description}s (prose, most of the
 * bytes). Strictness (no unknown fields, int-or-string, ...) is added when the tests load them
 * ({@link KubeSchemas}), not here, so that the files stay comparable with their origin.
 *
 * <pre>
 * SchemaSnapshot &lt;out dir&gt; &lt;kubernetes swagger.json&gt; &lt;crd.yaml&gt;...
 * </pre>
 * {@code deploy/k8s-validate/refresh-schemas} runs it.
 */
public final class SchemaSnapshot {

    /** The Kubernetes kinds deploy/k8s may use; another kind fails validation until it is added here. */
    static final List<String> CORE_KINDS = List.of(
            "io.k8s.api.core.v1.Namespace",
            "io.k8s.api.core.v1.ConfigMap",
            "io.k8s.api.core.v1.Secret",
            "io.k8s.api.core.v1.Service",
            "io.k8s.api.core.v1.ServiceAccount",
            "io.k8s.api.core.v1.PersistentVolumeClaim",
            "io.k8s.api.apps.v1.Deployment",
            "io.k8s.api.policy.v1.PodDisruptionBudget",
            "io.k8s.api.networking.v1.Ingress",
            "io.k8s.api.networking.v1.NetworkPolicy",
            // What a custom resource's metadata is checked against.
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");

    private SchemaSnapshot() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: SchemaSnapshot <out dir> <kubernetes swagger.json> <crd.yaml>...");
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.resolve("crds"));
        writeKubernetes(Path.of(args[1]), out.resolve("kubernetes-definitions.json"));
        for (int i = 2; i < args.length; i++) {
            writeCrd(Path.of(args[i]), out.resolve("crds"));
        }
    }

    static void writeKubernetes(Path swagger, Path target) throws IOException {
        JsonNode all = Yaml.JSON.readTree(Files.readString(swagger)).get("definitions");
        TreeSet<String> needed = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(CORE_KINDS);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!needed.add(name)) {
                continue;
            }
            JsonNode def = all.get(name);
            if (def == null) {
                throw new IllegalStateException("no definition " + name + " in " + swagger);
            }
            collectRefs(def, todo);
        }
        ObjectNode definitions = Yaml.JSON.createObjectNode();
        for (String name : needed) {
            definitions.set(name, withoutDescriptions(all.get(name)));
        }
        ObjectNode root = Yaml.JSON.createObjectNode();
        root.put("_source", "definitions reachable from " + CORE_KINDS + ", descriptions removed; see SOURCES.md");
        root.set("definitions", definitions);
        Files.writeString(target, Yaml.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        System.out.println(target + ": " + needed.size() + " definitions");
    }

    static void writeCrd(Path crdFile, Path dir) throws IOException {
        for (JsonNode crd : Yaml.readAll(Files.readString(crdFile))) {
            if (!"CustomResourceDefinition".equals(crd.path("kind").asString())) {
                continue;
            }
            JsonNode spec = crd.get("spec");
            for (JsonNode version : spec.get("versions")) {
                if (!version.path("served").asBoolean()) {
                    continue;
                }
                ObjectNode entry = Yaml.JSON.createObjectNode();
                entry.put("_source", crdFile.getFileName() + ", CRD " + crd.path("metadata").path("name").asString()
                        + ", version " + version.get("name").asString() + ", descriptions removed; see SOURCES.md");
                entry.put("group", spec.get("group").asString());
                entry.put("version", version.get("name").asString());
                entry.put("kind", spec.get("names").get("kind").asString());
                entry.put("scope", spec.get("scope").asString());
                entry.set("schema", withoutDescriptions(version.get("schema").get("openAPIV3Schema")));
                Path target = dir.resolve(crd.path("metadata").path("name").asString() + "-"
                        + version.get("name").asString() + ".json");
                Files.writeString(target, Yaml.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(entry) + "\n");
                System.out.println(target);
            }
        }
    }

    private static void collectRefs(JsonNode node, Deque<String> todo) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals("$ref") && e.getValue().isString()) {
                    String ref = e.getValue().asString();
                    todo.push(ref.substring(ref.lastIndexOf('/') + 1));
                } else {
                    collectRefs(e.getValue(), todo);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                collectRefs(item, todo);
            }
        }
    }

    /**
     * The schema without its {@code description} keywords. Structural: a property that is itself called
     * "description" (CloudNativePG's Cluster has one) is a field, not a keyword, and stays.
     */
    static JsonNode withoutDescriptions(JsonNode schema) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode copy = Yaml.JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> e : schema.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "description" -> {
                }
                case "properties", "patternProperties", "definitions" -> {
                    ObjectNode props = Yaml.JSON.createObjectNode();
                    for (Map.Entry<String, JsonNode> p : value.properties()) {
                        props.set(p.getKey(), withoutDescriptions(p.getValue()));
                    }
                    copy.set(key, props);
                }
                case "items", "additionalProperties", "not" -> copy.set(key, withoutDescriptions(value));
                case "allOf", "anyOf", "oneOf" -> {
                    List<JsonNode> list = new ArrayList<>();
                    for (JsonNode s : value) {
                        list.add(withoutDescriptions(s));
                    }
                    copy.putArray(key).addAll(list);
                }
                default -> copy.set(key, value);
            }
        }
        return copy;
    }
}
