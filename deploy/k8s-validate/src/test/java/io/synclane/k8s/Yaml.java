package io.synclane.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Jackson mappers for the manifests (YAML, possibly several documents a file) and the schemas (JSON). */
final class Yaml {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Several documents a stream: each read on its own, the next one not an error (Jackson 3's default). */
    static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Yaml() {
    }

    /** Every non-empty document of a YAML stream, in order. */
    static List<JsonNode> readAll(String text) {
        // One tree per document (a MappingIterator would unwrap a document that is a list, a JSON patch).
        List<JsonNode> docs = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(text)) {
            while (parser.nextToken() != null) {
                JsonNode doc = YAML.readTree(parser);
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    /**
     * Plain (unquoted) scalars that YAML 1.1, which kubectl and the API server's YAML reader follow, types
     * otherwise than YAML 1.2, which this module's reader follows: yes/no/on/off/y/n are booleans there, 0644 an
     * octal number, 1:30 a base-60 number, 1_000 a number. Such a value would pass here and be read as something
     * else by kubectl (namespace: n is the boolean false), so the manifests must quote them.
     */
    private static final Pattern YAML11_ONLY = Pattern.compile(
            "y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
                    + "|[-+]?0[0-7_]+|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?"
                    + "|[-+]?[0-9][0-9]*_[0-9_]*(\\.[0-9_]*)?");

    static List<String> yaml11Surprises(String text) {
        List<String> found = new ArrayList<>();
        for (Node doc : new Compose(LoadSettings.builder().build()).composeAllFromString(text)) {
            surprises(doc, found);
        }
        return found;
    }

    private static void surprises(Node node, List<String> found) {
        if (node instanceof ScalarNode s) {
            if (s.isPlain() && YAML11_ONLY.matcher(s.getValue()).matches()) {
                found.add("line " + s.getStartMark().map(m -> m.getLine() + 1).orElse(0) + ": " + s.getValue());
            }
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                surprises(t.getKeyNode(), found);
                surprises(t.getValueNode(), found);
            }
        } else if (node instanceof SequenceNode q) {
            for (Node item : q.getValue()) {
                surprises(item, found);
            }
        }
    }

    static String toYaml(List<? extends JsonNode> docs) {
        StringBuilder out = new StringBuilder();
        for (JsonNode doc : docs) {
            out.append(YAML.writeValueAsString(doc));
        }
        return out.toString();
    }
}
