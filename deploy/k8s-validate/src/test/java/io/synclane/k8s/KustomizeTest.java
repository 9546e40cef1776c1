package io.synclane.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.node.ObjectNode;

/**
 * Kustomize.java's details against what kustomize v5.5.0 (kubectl v1.32's) printed for the same input, so that
 * they hold where no kubectl is installed: content hashes, Secret encoding, images, refusals.
 */
class KustomizeTest {

    @TempDir
    Path dir;

    private List<ObjectNode> build(String kustomization, String... files) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), kustomization);
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(dir.resolve(files[i]), files[i + 1]);
        }
        return Kustomize.build(dir);
    }

    @Test
    void configMapNameHashAsKustomize() throws IOException {
        List<ObjectNode> docs = build("configMapGenerator:\n- name: x\n  literals:\n  - a=b\n");
        assertEquals("x-4h2mbtbbt6", docs.get(0).path("metadata").path("name").asString());
    }

    @Test
    void secretEncodingAndHashAsKustomize() throws IOException {
        List<ObjectNode> shortValue = build("secretGenerator:\n- name: s\n  literals:\n  - a=b\n");
        assertEquals("s-k695gkmbtk", shortValue.get(0).path("metadata").path("name").asString());
        assertEquals("Yg==", shortValue.get(0).path("data").path("a").asString());
        assertEquals("Opaque", shortValue.get(0).path("type").asString());
        // A value whose base64 is longer than 70 characters: lines of 70, each ended by a newline.
        List<ObjectNode> longValue = build("secretGenerator:\n- name: s\n  envs:\n  - s.env\n",
                "s.env", "# comment\n\nA=be92dbf7d5b06f9f0c949f7a49971ddb9c3a92ba3432c6d733b7023111fbc46a\n");
        assertEquals("s-7b9565h22t", longValue.get(0).path("metadata").path("name").asString());
        assertEquals("YmU5MmRiZjdkNWIwNmY5ZjBjOTQ5ZjdhNDk5NzFkZGI5YzNhOTJiYTM0MzJjNmQ3MzNiNz\nAyMzExMWZiYzQ2YQ==\n",
                longValue.get(0).path("data").path("A").asString());
    }

    @Test
    void generatedNamesFollowedByReferences() throws IOException {
        List<ObjectNode> docs = build("""
                namespace: ns1
                resources: [d.yaml]
                configMapGenerator:
                - name: c
                  literals: [a=b]
                images:
                - name: app
                  newName: registry.example.com/app
                  newTag: "1.0"
                """, "d.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  template:
                    spec:
                      containers:
                      - name: c
                        image: app:0.1
                        envFrom: [{configMapRef: {name: c}}]
                """);
        ObjectNode deployment = docs.get(0);
        assertEquals("ns1", deployment.path("metadata").path("namespace").asString());
        assertEquals("c-4h2mbtbbt6", docs.get(1).path("metadata").path("name").asString());
        assertEquals("c-4h2mbtbbt6", deployment.at("/spec/template/spec/containers/0/envFrom/0/configMapRef/name").asString());
        assertEquals("registry.example.com/app:1.0", deployment.at("/spec/template/spec/containers/0/image").asString());
    }

    @Test
    void whatIsNotImplementedIsRefused() throws IOException {
        assertThrows(UnsupportedOperationException.class, () -> build("commonLabels: {a: b}\n"));
        assertThrows(UnsupportedOperationException.class, () -> build(
                "resources: [d.yaml]\npatches:\n- path: p.yaml\n  target: {kind: ConfigMap}\n",
                "d.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
                "p.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n"));
        assertThrows(IllegalArgumentException.class, () -> build(
                "resources: [d.yaml]\npatches:\n- path: p.yaml\n  target: {kind: ConfigMap, name: typo}\n",
                "d.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
                "p.yaml", "- {op: add, path: /data, value: {a: b}}\n"));
    }

    /** kubectl reads `namespace: n` as the boolean false (YAML 1.1); this reader would take the string "n". */
    @Test
    void yaml11SurprisesAreRefused() {
        var refused = assertThrows(IllegalArgumentException.class, () -> build("namespace: n\n"));
        org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("line 1: n"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> build("resources: [d.yaml]\n",
                "d.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {enabled: on, mode: 0644}\n"));
        assertEquals(List.of(), Yaml.yaml11Surprises("a: 'on'\nb: \"0644\"\nc: 8080\nd: n1\ne: 0\nf: true\n"));
    }

    @Test
    void imageReferences() {
        var image = Yaml.JSON.createObjectNode().put("name", "synclane/api-service").put("newTag", "2");
        assertEquals("synclane/api-service:2", Kustomize.retag("synclane/api-service", image));
        assertEquals("synclane/api-service:2", Kustomize.retag("synclane/api-service:1@sha256:abc", image));
        assertEquals("other/api-service:1", Kustomize.retag("other/api-service:1", image));
        assertEquals("localhost:5000/synclane/api-service", Kustomize.retag("localhost:5000/synclane/api-service", image));
    }
}
