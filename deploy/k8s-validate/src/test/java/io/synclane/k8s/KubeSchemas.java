package io.synclane.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schemas every rendered document is validated against, from the offline snapshot in
 * src/test/resources/schemas (origin and versions: SOURCES.md there), made strict the way the API server judges a
 * {@code kubectl apply} with its default {@code --validate=strict} (and as kubeconform's strict schemas do):
 * <ul>
 * <li>a field the schema does not declare is an error (additionalProperties false on every object that lists its
 * properties, unless a CRD marks it x-kubernetes-preserve-unknown-fields);</li>
 * <li>IntOrString and x-kubernetes-int-or-string take an integer or a string, a Quantity a string or a number;
 * nullable takes null; an x-kubernetes-embedded-resource also takes apiVersion, kind and metadata;</li>
 * <li>a custom resource's metadata is checked against the Kubernetes ObjectMeta;</li>
 * <li>the CRDs' x-kubernetes-validations (CEL) rules are evaluated with Google's CEL for Java, after the schema's
 * defaults are applied as the API server applies them (transition rules, which need an old object, are not);</li>
 * <li>the Kubernetes swagger (v2) lists enum values only in prose; kubernetes-enums.json adds them, as enums, for
 * the fields it names.</li>
 * </ul>
 * A document of an apiVersion and kind without a schema here is an error too.
 */
final class KubeSchemas {

    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final List<String> CRD_FILES = List.of(
            "kafkas.kafka.strimzi.io-v1.json",
            "kafkanodepools.kafka.strimzi.io-v1.json",
            "kafkatopics.kafka.strimzi.io-v1.json",
            "clusters.postgresql.cnpg.io-v1.json",
            "scaledobjects.keda.sh-v1alpha1.json");

    /** A custom resource's schema: raw (for CEL rules and defaults) and strict (for the JSON Schema check). */
    private record Crd(JsonNode raw, ObjectNode strict) {
    }

    private final ObjectNode coreDefinitions;
    private final Map<String, String> coreKinds = new HashMap<>();
    private final Map<String, Crd> crds = new HashMap<>();
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private final CelCompiler cel = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("self", SimpleType.DYN)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .build();
    private final CelRuntime celRuntime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private final Map<String, Object> celPrograms = new ConcurrentHashMap<>();
    /** Rules this CEL could not compile (a Kubernetes-only function): listed by the tests, not evaluated. */
    final Map<String, String> celNotCompiled = new ConcurrentHashMap<>();
    int celRulesEvaluated;

    private KubeSchemas() {
        JsonNode raw = resource("kubernetes-definitions.json").get("definitions");
        JsonNode enums = resource("kubernetes-enums.json");
        coreDefinitions = Yaml.JSON.createObjectNode();
        for (String name : enums.propertyNames()) {
            if (!name.startsWith("_") && !raw.has(name)) {
                throw new IllegalStateException("kubernetes-enums.json: no definition " + name);
            }
        }
        for (Map.Entry<String, JsonNode> e : raw.properties()) {
            String name = e.getKey();
            for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
                String group = gvk.get("group").asString();
                String apiVersion = group.isEmpty() ? gvk.get("version").asString()
                        : group + "/" + gvk.get("version").asString();
                coreKinds.put(apiVersion + " " + gvk.get("kind").asString(), name);
            }
            ObjectNode strict = switch (name) {
                case "io.k8s.apimachinery.pkg.util.intstr.IntOrString" -> anyOf("string", "integer");
                case "io.k8s.apimachinery.pkg.api.resource.Quantity" -> anyOf("string", "number");
                default -> strictCore(e.getValue());
            };
            for (Map.Entry<String, JsonNode> en : enums.path(name).properties()) {
                JsonNode prop = strict.path("properties").get(en.getKey());
                if (prop == null) {
                    throw new IllegalStateException("kubernetes-enums.json: " + name + " has no " + en.getKey());
                }
                ObjectNode target = prop.path("type").asString().equals("array")
                        ? (ObjectNode) prop.get("items") : (ObjectNode) prop;
                target.set("enum", en.getValue());
            }
            coreDefinitions.set(name, strict);
        }
        for (String file : CRD_FILES) {
            JsonNode entry = resource("crds/" + file);
            String apiVersion = entry.get("group").asString() + "/" + entry.get("version").asString();
            JsonNode schema = entry.get("schema");
            ObjectNode strict = strictCrd(schema);
            ((ObjectNode) strict.get("properties")).putObject("metadata").put("$ref", "#/definitions/" + OBJECT_META);
            strict.set("definitions", coreDefinitions);
            crds.put(apiVersion + " " + entry.get("kind").asString(), new Crd(schema, strict));
        }
    }

    private static final KubeSchemas INSTANCE = new KubeSchemas();

    static KubeSchemas get() {
        return INSTANCE;
    }

    /** What is wrong with a document, each problem as "Kind name: where: what"; empty when it is valid. */
    List<String> validate(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asString();
        String kind = doc.path("kind").asString();
        String key = apiVersion + " " + kind;
        String label = kind + " " + doc.path("metadata").path("name").asString("<no name>");
        Schema schema = compiled.computeIfAbsent(key, k -> {
            ObjectNode s;
            if (coreKinds.containsKey(k)) {
                s = Yaml.JSON.createObjectNode();
                s.put("$ref", "#/definitions/" + coreKinds.get(k));
                s.set("definitions", coreDefinitions);
            } else if (crds.containsKey(k)) {
                s = crds.get(k).strict();
            } else {
                return null;
            }
            return registry.getSchema(s);
        });
        List<String> problems = new ArrayList<>();
        if (schema == null) {
            problems.add(label + ": no schema for apiVersion " + apiVersion + " kind " + kind
                    + " (a wrong apiVersion or kind, or one to add to SchemaSnapshot and SOURCES.md)");
            return problems;
        }
        for (Error error : schema.validate(doc)) {
            problems.add(label + ": " + error.getInstanceLocation() + ": " + error.getMessage());
        }
        Crd crd = crds.get(key);
        if (crd != null && problems.isEmpty()) {
            JsonNode defaulted = doc.deepCopy();
            applyDefaults(crd.raw(), defaulted);
            checkRules(crd.raw(), defaulted, "", label, problems);
        }
        return problems;
    }

    // ---- strict JSON Schema from the Kubernetes swagger ------------------------------------------------------

    private static ObjectNode strictCore(JsonNode s) {
        ObjectNode out = Yaml.JSON.createObjectNode();
        if (s.has("$ref")) {
            // Draft 7 ignores a $ref's siblings; the swagger's are descriptions.
            out.put("$ref", s.get("$ref").asString());
            return out;
        }
        for (Map.Entry<String, JsonNode> e : s.properties()) {
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    for (Map.Entry<String, JsonNode> p : v.properties()) {
                        props.set(p.getKey(), strictCore(p.getValue()));
                    }
                }
                case "items" -> out.set("items", strictCore(v));
                case "additionalProperties" -> out.set("additionalProperties", v.isObject() ? strictCore(v) : v);
                case "type", "required", "enum" -> out.set(e.getKey(), v);
                default -> {
                    // format (int32, int64, byte, date-time: no JSON Schema assertion), x-kubernetes-* (merge
                    // strategies, list types): not validation.
                }
            }
        }
        if (out.has("properties") && !out.has("additionalProperties")) {
            out.put("additionalProperties", false);
        }
        return out;
    }

    private static ObjectNode anyOf(String... types) {
        ObjectNode out = Yaml.JSON.createObjectNode();
        ArrayNode any = out.putArray("anyOf");
        for (String t : types) {
            any.addObject().put("type", t);
        }
        return out;
    }

    // ---- strict JSON Schema from a CRD's structural schema ---------------------------------------------------

    private static ObjectNode strictCrd(JsonNode s) {
        ObjectNode out = Yaml.JSON.createObjectNode();
        boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
        for (Map.Entry<String, JsonNode> e : s.properties()) {
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    for (Map.Entry<String, JsonNode> p : v.properties()) {
                        props.set(p.getKey(), strictCrd(p.getValue()));
                    }
                }
                case "items", "not" -> out.set(e.getKey(), strictCrd(v));
                case "additionalProperties" -> out.set("additionalProperties", v.isObject() ? strictCrd(v) : v);
                case "allOf", "anyOf", "oneOf" -> {
                    ArrayNode list = out.putArray(e.getKey());
                    for (JsonNode branch : v) {
                        list.add(strictCrdBranch(branch));
                    }
                }
                case "type" -> {
                    if (!intOrString) {
                        out.set("type", v);
                    }
                }
                case "required", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength",
                        "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "minProperties",
                        "maxProperties", "multipleOf" -> out.set(e.getKey(), v);
                default -> {
                    // format, default (applied before the CEL rules), nullable (below), x-kubernetes-* (below).
                }
            }
        }
        if (intOrString && !out.has("anyOf")) {
            ArrayNode any = out.putArray("anyOf");
            any.addObject().put("type", "integer");
            any.addObject().put("type", "string");
        }
        if (s.path("nullable").asBoolean(false) && out.has("type") && out.get("type").isString()) {
            ArrayNode types = Yaml.JSON.createArrayNode();
            types.add(out.get("type").asString());
            types.add("null");
            out.set("type", types);
        }
        if (s.path("x-kubernetes-embedded-resource").asBoolean(false) && out.has("properties")) {
            ObjectNode props = (ObjectNode) out.get("properties");
            props.putObject("apiVersion").put("type", "string");
            props.putObject("kind").put("type", "string");
            props.putObject("metadata").put("type", "object");
        }
        boolean object = out.has("properties") || "object".equals(s.path("type").asString());
        if (object && !preserve && !out.has("additionalProperties")) {
            // Strict field validation: a field the schema does not declare is refused, not pruned.
            out.put("additionalProperties", false);
        }
        return out;
    }

    /**
     * A branch of a structural schema's allOf/anyOf/oneOf only adds constraints (required fields, ranges) to the
     * properties declared beside it: it must not forbid the fields it does not repeat.
     */
    private static ObjectNode strictCrdBranch(JsonNode branch) {
        ObjectNode out = strictCrd(branch);
        if (out.path("additionalProperties").isBoolean() && !branch.has("additionalProperties")) {
            out.remove("additionalProperties");
        }
        return out;
    }

    // ---- defaults and CEL rules -------------------------------------------------------------------------

    /** The API server's structural defaulting: a missing property with a default gets it, at every level. */
    private static void applyDefaults(JsonNode schema, JsonNode value) {
        if (value instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                if (!o.has(p.getKey()) && p.getValue().has("default")) {
                    o.set(p.getKey(), p.getValue().get("default").deepCopy());
                }
                if (o.has(p.getKey())) {
                    applyDefaults(p.getValue(), o.get(p.getKey()));
                }
            }
            if (schema.path("additionalProperties").isObject()) {
                for (Map.Entry<String, JsonNode> e : o.properties()) {
                    applyDefaults(schema.get("additionalProperties"), e.getValue());
                }
            }
        } else if (value instanceof ArrayNode a && schema.has("items")) {
            for (JsonNode item : a) {
                applyDefaults(schema.get("items"), item);
            }
        }
    }

    private void checkRules(JsonNode schema, JsonNode value, String where, String label, List<String> problems) {
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            String expr = rule.get("rule").asString();
            if (expr.contains("oldSelf")) {
                continue;
            }
            Object program = celPrograms.computeIfAbsent(expr, this::compileRule);
            if (!(program instanceof CelRuntime.Program p)) {
                continue;
            }
            Object result;
            try {
                result = p.eval(Map.of("self", toCel(value)));
            } catch (CelEvaluationException e) {
                result = e.getMessage();
            }
            synchronized (this) {
                celRulesEvaluated++;
            }
            if (!Boolean.TRUE.equals(result)) {
                problems.add(label + ": " + (where.isEmpty() ? "/" : where) + ": " + rule.path("message").asString("failed rule " + expr)
                        + " (x-kubernetes-validations: " + expr + (result instanceof String s ? "; " + s : "") + ")");
            }
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                if (value.has(p.getKey())) {
                    checkRules(p.getValue(), value.get(p.getKey()), where + "/" + p.getKey(), label, problems);
                }
            }
            if (schema.path("additionalProperties").isObject()) {
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    checkRules(schema.get("additionalProperties"), e.getValue(), where + "/" + e.getKey(), label, problems);
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                checkRules(schema.get("items"), item, where + "/" + i++, label, problems);
            }
        }
    }

    private Object compileRule(String expr) {
        try {
            CelValidationResult result = cel.compile(expr);
            if (result.hasError()) {
                celNotCompiled.put(expr, result.getErrorString());
                return "not compiled";
            }
            return celRuntime.createProgram(result.getAst());
        } catch (Exception e) {
            celNotCompiled.put(expr, String.valueOf(e.getMessage()));
            return "not compiled";
        }
    }

    /** JSON as CEL sees it: maps, lists, int64, double, string, bool. */
    private static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getValue().isNull()) {
                    map.put(e.getKey(), toCel(e.getValue()));
                }
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode item : node) {
                list.add(toCel(item));
            }
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asString();
    }

    private static JsonNode resource(String name) {
        try (InputStream in = KubeSchemas.class.getResourceAsStream("/schemas/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource schemas/" + name);
            }
            return Yaml.JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
