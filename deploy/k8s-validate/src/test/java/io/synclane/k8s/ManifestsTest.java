package io.synclane.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * deploy/k8s, rendered (base and every overlay) and checked offline: every document against the Kubernetes and CRD
 * schemas (KubeSchemas), the deployable renderings against Synclane's own rules (Policies), and the rendering
 * itself against kubectl's Kustomize where kubectl is installed.
 */
class ManifestsTest {

    private final Renderings renderings = Renderings.get();

    @Test
    void everyDocumentMatchesItsSchema() {
        List<String> problems = new ArrayList<>();
        int documents = 0;
        for (Map.Entry<String, List<ObjectNode>> r : renderings.byName.entrySet()) {
            for (ObjectNode doc : r.getValue()) {
                documents++;
                for (String p : KubeSchemas.get().validate(doc)) {
                    problems.add(r.getKey() + ": " + p);
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(documents > 30, "rendered only " + documents + " documents");
        KubeSchemas schemas = KubeSchemas.get();
        System.out.printf("%d documents valid; %d CEL rule evaluations%s%n", documents, schemas.celRulesEvaluated,
                schemas.celNotCompiled.isEmpty() ? "" : "; not compiled here: " + schemas.celNotCompiled.keySet());
        assertTrue(schemas.celRulesEvaluated > 0, "no x-kubernetes-validations rule was evaluated");
    }

    @Test
    void deployableRenderingsFitTogetherAndFitSynclane() {
        Policies.Context ctx = Policies.Context.load(Renderings.ROOT);
        assertFalse(renderings.overlays().isEmpty());
        for (String overlay : renderings.overlays()) {
            assertEquals(List.of(), Policies.check(renderings.byName.get(overlay), ctx), overlay);
        }
    }

    @Test
    void theOverlayKeepsWhatItNeeds() {
        List<ObjectNode> base = renderings.byName.get("base");
        List<ObjectNode> production = renderings.byName.get("overlays/production");
        // Partitions can be added, never removed; the base's are the local broker's (README).
        assertEquals(6, partitions(base, "job-requests"));
        assertTrue(partitions(production, "job-requests") > 6);
        // One Secret for the api replicas: the agent key is the same on each.
        long agentKeySecrets = production.stream().filter(d -> d.path("kind").asString().equals("Secret")
                && d.path("data").has("SYNCLANE_AGENT_KEY")).count();
        assertEquals(1, agentKeySecrets);
    }

    private static int partitions(List<ObjectNode> docs, String topic) {
        return docs.stream().filter(d -> d.path("kind").asString().equals("KafkaTopic")
                && d.path("metadata").path("name").asString().equals(topic))
                .findFirst().orElseThrow().path("spec").path("partitions").asInt();
    }

    /** No secret in the repository: only examples with empty values, and the real file git-ignored. */
    @Test
    void noSecretIsCommitted() throws IOException {
        try (var files = Files.walk(Renderings.K8S)) {
            for (Path example : files.filter(p -> p.getFileName().toString().equals("secrets.env.example")).toList()) {
                for (String line : Files.readAllLines(example)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        assertTrue(line.matches("[A-Z_][A-Z0-9_]*="), example + " gives a value: " + line);
                    }
                }
                Path ignore = example.resolveSibling(".gitignore");
                assertTrue(Files.exists(ignore) && Files.readAllLines(ignore).contains("secrets.env"),
                        ignore + " must ignore secrets.env");
            }
        }
    }

    /** This Kustomize subset renders what the real one does (kubectl's built-in Kustomize), where it is installed. */
    @Test
    void sameAsKubectlKustomize() throws Exception {
        String kubectl = onPath("kubectl");
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed: the comparison is skipped");
        Process version = new ProcessBuilder(kubectl, "version", "--client").redirectErrorStream(true).start();
        String versions = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        version.waitFor(60, TimeUnit.SECONDS);
        // Kustomize v5 is what Kustomize.java follows (kubectl 1.27 and later embed it).
        Assumptions.assumeTrue(versions.matches("(?s).*Kustomize Version: v[5-9].*"),
                "kubectl embeds another Kustomize than v5: " + versions);
        for (Map.Entry<String, List<ObjectNode>> r : renderings.byName.entrySet()) {
            Process p = new ProcessBuilder(kubectl, "kustomize", renderings.copy.resolve(r.getKey()).toString())
                    .redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "kubectl kustomize " + r.getKey() + ": " + err);
            Map<String, JsonNode> theirs = byId(Yaml.readAll(new String(out, StandardCharsets.UTF_8)));
            Map<String, JsonNode> ours = byId(r.getValue());
            List<String> differences = new ArrayList<>();
            for (String id : theirs.keySet()) {
                if (!ours.containsKey(id)) {
                    differences.add(id + ": only in kubectl's");
                } else if (!ours.get(id).equals(theirs.get(id))) {
                    differences.add(id + ": " + difference(theirs.get(id), ours.get(id), ""));
                }
            }
            for (String id : ours.keySet()) {
                if (!theirs.containsKey(id)) {
                    differences.add(id + ": only in ours");
                }
            }
            assertEquals(List.of(), differences, r.getKey() + " rendered by kubectl kustomize and by Kustomize.java");
        }
    }

    /** Where two trees first differ, as "path: kubectl's value vs ours". */
    private static String difference(JsonNode theirs, JsonNode ours, String path) {
        if (theirs.isObject() && ours.isObject()) {
            for (String key : theirs.propertyNames()) {
                if (!ours.has(key)) {
                    return path + "/" + key + ": missing in ours";
                }
                if (!theirs.get(key).equals(ours.get(key))) {
                    return difference(theirs.get(key), ours.get(key), path + "/" + key);
                }
            }
            return path + ": ours has more fields " + ours.propertyNames();
        }
        if (theirs.isArray() && ours.isArray() && theirs.size() == ours.size()) {
            for (int i = 0; i < theirs.size(); i++) {
                if (!theirs.get(i).equals(ours.get(i))) {
                    return difference(theirs.get(i), ours.get(i), path + "/" + i);
                }
            }
        }
        return path + ": " + theirs + " vs " + ours;
    }

    private static Map<String, JsonNode> byId(List<? extends JsonNode> docs) {
        Map<String, JsonNode> map = new TreeMap<>();
        for (JsonNode d : docs) {
            map.put(d.path("apiVersion").asString() + " " + d.path("kind").asString() + " "
                    + d.path("metadata").path("namespace").asString("") + "/" + d.path("metadata").path("name").asString(), d);
        }
        return map;
    }

    private static String onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
