package io.synclane.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The part of Kustomize (kustomize v5, kubectl kustomize) that deploy/k8s uses, in the same order of operations:
 * for each kustomization, its {@code resources} (files, and directories built recursively), then its
 * {@code configMapGenerator} / {@code secretGenerator}, then the transformers {@code patches} (JSON 6902 only),
 * {@code namespace}, {@code replicas}, {@code images}; at the very end, once, the content hash appended to
 * generated names and the references to those names rewritten. Anything else in a kustomization (a field, a
 * strategic-merge patch, a generator behaviour) is refused, never ignored, so that this rendering cannot silently
 * differ from the real one. {@code ManifestsTest} also compares it with {@code kubectl kustomize} where one is
 * installed.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED_FIELDS = Set.of(
            "apiVersion", "kind", "namespace", "resources", "configMapGenerator", "secretGenerator", "images",
            "replicas", "patches");
    private static final Set<String> GENERATOR_FIELDS = Set.of("name", "envs", "literals", "files", "type");
    /** Kinds kustomize knows as cluster-scoped among those deploy/k8s might use: they get no namespace. */
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume",
            "StorageClass", "IngressClass", "PriorityClass", "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration", "APIService");
    private static final Set<String> SCALABLE = Set.of("Deployment", "ReplicaSet", "ReplicationController",
            "StatefulSet");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    /** One rendered document; {@code hashed} for generated ConfigMaps and Secrets, named by content at the end. */
    private record Res(ObjectNode doc, boolean hashed) {
    }

    private Kustomize() {
    }

    /** The documents {@code kubectl kustomize dir} would print (in this implementation's order). */
    static List<ObjectNode> build(Path dir) {
        List<Res> all = accumulate(dir.toAbsolutePath().normalize());
        // Content hashes, then every reference to a generated name follows it (kustomize: addHashesToNames,
        // FixBackReferences).
        Map<String, String> renamed = new LinkedHashMap<>();
        for (Res r : all) {
            if (r.hashed()) {
                ObjectNode meta = (ObjectNode) r.doc().get("metadata");
                String name = meta.get("name").asString();
                String hashedName = name + "-" + hash(r.doc());
                meta.put("name", hashedName);
                renamed.put(key(r.doc().get("kind").asString(), meta.path("namespace").asString(""), name), hashedName);
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        for (Res r : all) {
            fixReferences(r.doc(), renamed);
            out.add(r.doc());
        }
        return out;
    }

    private static List<Res> accumulate(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no kustomization.yaml in " + dir);
        }
        JsonNode k = Yaml.readAll(read(file)).get(0);
        for (String field : k.propertyNames()) {
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new UnsupportedOperationException(file + ": field '" + field
                        + "' is not implemented by this Kustomize subset (see Kustomize.java)");
            }
        }
        List<Res> res = new ArrayList<>();
        for (JsonNode entry : k.path("resources")) {
            Path p = dir.resolve(entry.asString()).normalize();
            if (Files.isDirectory(p)) {
                res.addAll(accumulate(p));
            } else {
                for (JsonNode doc : Yaml.readAll(read(p))) {
                    if (!doc.isObject()) {
                        throw new IllegalArgumentException(p + ": a document that is not a mapping");
                    }
                    res.add(new Res((ObjectNode) doc, false));
                }
            }
        }
        for (JsonNode g : k.path("configMapGenerator")) {
            res.add(new Res(generate(dir, g, false), true));
        }
        for (JsonNode g : k.path("secretGenerator")) {
            res.add(new Res(generate(dir, g, true), true));
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, patch, res);
        }
        if (k.has("namespace")) {
            String ns = k.get("namespace").asString();
            for (Res r : res) {
                ObjectNode meta = r.doc().withObject("/metadata");
                String kind = r.doc().path("kind").asString();
                if (kind.equals("Namespace")) {
                    meta.put("name", ns);
                } else if (!CLUSTER_SCOPED.contains(kind)) {
                    meta.put("namespace", ns);
                }
            }
        }
        for (JsonNode rep : k.path("replicas")) {
            String name = rep.get("name").asString();
            boolean found = false;
            for (Res r : res) {
                if (SCALABLE.contains(r.doc().path("kind").asString())
                        && name.equals(r.doc().path("metadata").path("name").asString())) {
                    r.doc().withObject("/spec").put("replicas", rep.get("count").asInt());
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException(file + ": replicas for " + name + " match no workload");
            }
        }
        for (JsonNode image : k.path("images")) {
            for (Res r : res) {
                setImages(r.doc(), image);
            }
        }
        return res;
    }

    // ---- generators -------------------------------------------------------------------------------------

    private static ObjectNode generate(Path dir, JsonNode g, boolean secret) {
        for (String field : g.propertyNames()) {
            if (!GENERATOR_FIELDS.contains(field) || (!secret && field.equals("type"))) {
                throw new UnsupportedOperationException(dir + ": generator field '" + field
                        + "' is not implemented by this Kustomize subset");
            }
        }
        String name = g.get("name").asString();
        Map<String, String> data = new LinkedHashMap<>();
        for (JsonNode env : g.path("envs")) {
            Path p = dir.resolve(env.asString());
            String text = read(p);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            for (String line : text.split("\n", -1)) {
                // kustomize's kv loader: leading white space dropped, '#' comments and empty lines skipped, the
                // rest split at the first '=', nothing unquoted or trimmed at the end (but a CR of CRLF).
                String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                l = l.stripLeading();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int eq = l.indexOf('=');
                String key = eq < 0 ? l : l.substring(0, eq);
                if (!ENV_NAME.matcher(key).matches()) {
                    throw new IllegalArgumentException(p + ": '" + key + "' is not a valid variable name");
                }
                put(data, key, eq < 0 ? "" : l.substring(eq + 1), p);
            }
        }
        for (JsonNode lit : g.path("literals")) {
            String s = lit.asString();
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(dir + ": literal '" + s + "' is not key=value");
            }
            String v = s.substring(eq + 1);
            if (v.length() >= 2 && v.charAt(0) == v.charAt(v.length() - 1) && (v.charAt(0) == '"' || v.charAt(0) == '\'')) {
                v = v.substring(1, v.length() - 1);
            }
            put(data, s.substring(0, eq), v, dir);
        }
        for (JsonNode f : g.path("files")) {
            String s = f.asString();
            int eq = s.indexOf('=');
            Path p = dir.resolve(eq < 0 ? s : s.substring(eq + 1));
            put(data, eq < 0 ? p.getFileName().toString() : s.substring(0, eq), read(p), dir);
        }
        ObjectNode doc = Yaml.JSON.createObjectNode();
        doc.put("apiVersion", "v1");
        doc.put("kind", secret ? "Secret" : "ConfigMap");
        doc.putObject("metadata").put("name", name);
        if (secret) {
            doc.put("type", g.path("type").asString("Opaque"));
        }
        ObjectNode d = doc.putObject("data");
        for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
            d.put(e.getKey(), secret ? base64Lines(e.getValue()) : e.getValue());
        }
        return doc;
    }

    /**
     * A Secret value as kustomize writes it (kyaml's encodeBase64): base64 in lines of 70, each line ended by a
     * newline once there is more than one (even a single full line of exactly 70 gets one). The API server's
     * base64 decoder skips the newlines; the content hash sees them.
     */
    static String base64Lines(String value) {
        String b64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        int lines = b64.length() / 70 + 1;
        if (lines == 1) {
            return b64;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < b64.length(); i += 70) {
            out.append(b64, i, Math.min(i + 70, b64.length())).append('\n');
        }
        return out.toString();
    }

    private static void put(Map<String, String> data, String key, String value, Path where) {
        if (data.put(key, value) != null) {
            throw new IllegalArgumentException(where + ": key " + key + " given twice");
        }
    }

    /**
     * kustomize's name suffix (api/hasher): the SHA-256 of Go's json.Marshal of {data, kind, name[, type]} with
     * sorted keys, its first ten hex digits with 0, 1, 3, a, e turned into g, h, k, m, t. The name is always empty:
     * kustomize looks it up as {@code yaml.Lookup("metadata/name")}, one field literally called "metadata/name",
     * which no object has (what kubectl kustomize prints agrees: ManifestsTest compares them).
     */
    static String hash(ObjectNode doc) {
        String kind = doc.get("kind").asString();
        Map<String, Object> m = new TreeMap<>();
        m.put("kind", kind);
        m.put("name", "");
        Map<String, Object> data = new TreeMap<>();
        doc.path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue().asString()));
        m.put("data", data.isEmpty() && !doc.has("data") ? "" : data);
        if (kind.equals("Secret")) {
            m.put("type", doc.path("type").asString(""));
        }
        StringBuilder json = new StringBuilder();
        goJson(m, json);
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(json.toString().getBytes(StandardCharsets.UTF_8));
            char[] enc = HexFormat.of().formatHex(sha).substring(0, 10).toCharArray();
            for (int i = 0; i < enc.length; i++) {
                enc[i] = switch (enc[i]) {
                    case '0' -> 'g';
                    case '1' -> 'h';
                    case '3' -> 'k';
                    case 'a' -> 'm';
                    case 'e' -> 't';
                    default -> enc[i];
                };
            }
            return new String(enc);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go's encoding/json for maps of strings: sorted keys, no spaces, &lt; &gt; &amp; escaped as \\u00XX. */
    @SuppressWarnings("unchecked")
    private static void goJson(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                goJson(e.getKey(), out);
                out.append(':');
                goJson(e.getValue(), out);
            }
            out.append('}');
            return;
        }
        String s = (String) value;
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ---- patches ----------------------------------------------------------------------------------------

    private static void applyPatch(Path dir, JsonNode patch, List<Res> res) {
        for (String field : patch.propertyNames()) {
            if (!Set.of("path", "patch", "target").contains(field)) {
                throw new UnsupportedOperationException(dir + ": patch field '" + field + "' is not implemented");
            }
        }
        String text = patch.has("path") ? read(dir.resolve(patch.get("path").asString())) : patch.path("patch").asString();
        List<JsonNode> docs = Yaml.readAll(text);
        if (docs.size() != 1 || !docs.get(0).isArray()) {
            throw new UnsupportedOperationException(dir + ": only JSON 6902 patches (a list of operations) are "
                    + "implemented by this Kustomize subset, not strategic-merge patches");
        }
        JsonNode target = patch.get("target");
        if (target == null) {
            throw new IllegalArgumentException(dir + ": a JSON 6902 patch needs a target");
        }
        for (String field : target.propertyNames()) {
            if (!Set.of("group", "version", "kind", "name", "namespace").contains(field)) {
                throw new UnsupportedOperationException(dir + ": patch target field '" + field + "' is not implemented");
            }
        }
        int matched = 0;
        for (Res r : res) {
            if (matches(r.doc(), target)) {
                for (JsonNode op : docs.get(0)) {
                    JsonPatch.apply(r.doc(), op);
                }
                matched++;
            }
        }
        if (matched == 0) {
            // kustomize accepts a patch that matches nothing; a typo in a target should not pass unnoticed here.
            throw new IllegalArgumentException(dir + ": patch target " + target + " matches no resource");
        }
    }

    private static boolean matches(ObjectNode doc, JsonNode target) {
        String apiVersion = doc.path("apiVersion").asString();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return (!target.has("group") || target.get("group").asString().equals(group))
                && (!target.has("version") || target.get("version").asString().equals(version))
                && (!target.has("kind") || target.get("kind").asString().equals(doc.path("kind").asString()))
                && (!target.has("name") || target.get("name").asString().equals(doc.path("metadata").path("name").asString()))
                && (!target.has("namespace")
                        || target.get("namespace").asString().equals(doc.path("metadata").path("namespace").asString()));
    }

    // ---- images -----------------------------------------------------------------------------------------

    /** kustomize's images: every container's image whose name (without tag or digest) is {@code name}. */
    private static void setImages(JsonNode node, JsonNode image) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if ((e.getKey().equals("containers") || e.getKey().equals("initContainers")) && e.getValue().isArray()) {
                    for (JsonNode c : e.getValue()) {
                        if (c.isObject() && c.has("image")) {
                            ((ObjectNode) c).put("image", retag(c.get("image").asString(), image));
                        }
                    }
                } else {
                    setImages(e.getValue(), image);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                setImages(item, image);
            }
        }
    }

    static String retag(String ref, JsonNode image) {
        String name = ref;
        String tag = "";
        String digest = "";
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = name.substring(at);
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon);
            name = name.substring(0, colon);
        }
        if (!name.equals(image.get("name").asString())) {
            return ref;
        }
        if (image.has("newName")) {
            name = image.get("newName").asString();
        }
        if (image.has("newTag")) {
            tag = ":" + image.get("newTag").asString();
            digest = "";
        }
        if (image.has("digest")) {
            digest = "@" + image.get("digest").asString();
            tag = "";
        }
        return name + tag + digest;
    }

    // ---- references to generated names --------------------------------------------------------------------

    private static String key(String kind, String namespace, String name) {
        return kind + "/" + namespace + "/" + name;
    }

    /** The fields of a pod spec (in any workload) that name a ConfigMap or a Secret (kustomize's nameReference). */
    private static void fixReferences(ObjectNode doc, Map<String, String> renamed) {
        if (renamed.isEmpty()) {
            return;
        }
        String ns = doc.path("metadata").path("namespace").asString("");
        for (JsonNode podSpec : podSpecs(doc)) {
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode c : podSpec.path(list)) {
                    for (JsonNode env : c.path("env")) {
                        rename(env.path("valueFrom").path("configMapKeyRef"), "name", "ConfigMap", ns, renamed);
                        rename(env.path("valueFrom").path("secretKeyRef"), "name", "Secret", ns, renamed);
                    }
                    for (JsonNode from : c.path("envFrom")) {
                        rename(from.path("configMapRef"), "name", "ConfigMap", ns, renamed);
                        rename(from.path("secretRef"), "name", "Secret", ns, renamed);
                    }
                }
            }
            for (JsonNode v : podSpec.path("volumes")) {
                rename(v.path("configMap"), "name", "ConfigMap", ns, renamed);
                rename(v.path("secret"), "secretName", "Secret", ns, renamed);
                for (JsonNode src : v.path("projected").path("sources")) {
                    rename(src.path("configMap"), "name", "ConfigMap", ns, renamed);
                    rename(src.path("secret"), "name", "Secret", ns, renamed);
                }
            }
            for (JsonNode s : podSpec.path("imagePullSecrets")) {
                rename(s, "name", "Secret", ns, renamed);
            }
        }
        if (doc.path("kind").asString().equals("Ingress")) {
            for (JsonNode tls : doc.path("spec").path("tls")) {
                rename(tls, "secretName", "Secret", ns, renamed);
            }
        }
    }

    private static List<JsonNode> podSpecs(JsonNode doc) {
        List<JsonNode> specs = new ArrayList<>();
        JsonNode spec = doc.path("spec");
        if (doc.path("kind").asString().equals("Pod")) {
            specs.add(spec);
        }
        if (spec.path("template").path("spec").isObject()) {
            specs.add(spec.path("template").path("spec"));
        }
        if (spec.path("jobTemplate").path("spec").path("template").path("spec").isObject()) {
            specs.add(spec.path("jobTemplate").path("spec").path("template").path("spec"));
        }
        return specs;
    }

    private static void rename(JsonNode holder, String field, String kind, String ns, Map<String, String> renamed) {
        if (holder.isObject() && holder.has(field)) {
            String to = renamed.get(key(kind, ns, holder.get(field).asString()));
            if (to != null) {
                ((ObjectNode) holder).put(field, to);
            }
        }
    }

    /** A file of the kustomization; YAML files are refused where YAML 1.1 (kubectl's) would read them otherwise. */
    private static String read(Path p) {
        try {
            String text = Files.readString(p);
            String file = p.getFileName().toString();
            if (file.endsWith(".yaml") || file.endsWith(".yml")) {
                List<String> surprises = Yaml.yaml11Surprises(text);
                if (!surprises.isEmpty()) {
                    throw new IllegalArgumentException(p + ": quote these plain scalars, which YAML 1.1 (kubectl) "
                            + "reads as booleans or numbers: " + surprises);
                }
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 6902 operations on a Jackson tree; paths are RFC 6901 pointers. */
    static final class JsonPatch {
        private JsonPatch() {
        }

        static void apply(ObjectNode doc, JsonNode op) {
            String kind = op.path("op").asString();
            List<String> path = pointer(op.path("path").asString());
            switch (kind) {
                case "add" -> add(doc, path, op.get("value").deepCopy());
                case "replace" -> {
                    remove(doc, path);
                    add(doc, path, op.get("value").deepCopy());
                }
                case "remove" -> remove(doc, path);
                case "test" -> {
                    JsonNode at = get(doc, path);
                    if (!at.equals(op.get("value"))) {
                        throw new IllegalArgumentException("patch test failed at " + op.path("path").asString());
                    }
                }
                default -> throw new UnsupportedOperationException("JSON patch op '" + kind + "'");
            }
        }

        private static List<String> pointer(String p) {
            if (!p.startsWith("/")) {
                throw new IllegalArgumentException("JSON pointer '" + p + "' does not start with /");
            }
            List<String> parts = new ArrayList<>();
            for (String s : p.substring(1).split("/", -1)) {
                parts.add(s.replace("~1", "/").replace("~0", "~"));
            }
            return parts;
        }

        private static JsonNode get(JsonNode doc, List<String> path) {
            JsonNode at = doc;
            for (String step : path) {
                at = at.isArray() ? at.get(index(step, at.size() - 1)) : at.get(step);
                if (at == null) {
                    throw new IllegalArgumentException("JSON patch: no " + String.join("/", path));
                }
            }
            return at;
        }

        private static void add(JsonNode doc, List<String> path, JsonNode value) {
            JsonNode parent = get(doc, path.subList(0, path.size() - 1));
            String last = path.get(path.size() - 1);
            if (parent instanceof ObjectNode o) {
                o.set(last, value);
            } else if (parent instanceof ArrayNode a) {
                if (last.equals("-")) {
                    a.add(value);
                } else {
                    a.insert(index(last, a.size()), value);
                }
            } else {
                throw new IllegalArgumentException("JSON patch: cannot add under a scalar at " + String.join("/", path));
            }
        }

        private static void remove(JsonNode doc, List<String> path) {
            JsonNode parent = get(doc, path.subList(0, path.size() - 1));
            String last = path.get(path.size() - 1);
            if (parent instanceof ObjectNode o && o.has(last)) {
                o.remove(last);
            } else if (parent instanceof ArrayNode a) {
                a.remove(index(last, a.size() - 1));
            } else {
                throw new IllegalArgumentException("JSON patch: nothing to remove or replace at /" + String.join("/", path));
            }
        }

        private static int index(String step, int max) {
            int i = Integer.parseInt(step);
            if (i < 0 || i > max) {
                throw new IllegalArgumentException("JSON patch: index " + step + " out of range");
            }
            return i;
        }
    }
}
