package io.synclane.worker.connector.sarif;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.worker.connector.AnalysisReport;
import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.Finding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a SARIF 2.1.0 report into an {@link AnalysisReport}. CWEs are taken from wherever real tools put
 * them: rule tags ({@code CWE-79}, CodeQL's {@code external/cwe/cwe-079}), rule relationships into a CWE
 * taxonomy (SpotBugs), and result taxa and tags.
 *
 * <p>Results of kind {@code pass}, {@code notApplicable} or {@code informational}, suppressed results and
 * results whose baseline state is {@code absent} are not findings; their CWEs still count as checked.
 */
public final class SarifReportParser {
    private static final Pattern CWE = Pattern.compile("^(?:external/cwe/)?cwe[-:_ /]?0*(\\d+)\\b.*$");
    private static final Set<String> NOT_FINDINGS = Set.of("pass", "notapplicable", "informational");

    private final ObjectMapper mapper = new ObjectMapper();

    public AnalysisReport parse(byte[] report) throws ConnectorFailure {
        JsonNode root;
        try {
            root = mapper.readTree(report);
        } catch (JsonProcessingException e) {
            throw new ConnectorFailure("The report is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConnectorFailure("The report could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConnectorFailure("The report is not SARIF 2.1.0: it is not a JSON object.");
        }
        String version = root.path("version").asText("");
        if (!"2.1.0".equals(version)) {
            throw new ConnectorFailure("The report is not SARIF 2.1.0: its version is \"" + version + "\".");
        }
        JsonNode runs = root.path("runs");
        if (!runs.isArray()) {
            throw new ConnectorFailure("The report is not SARIF 2.1.0: it has no \"runs\" array.");
        }
        String tool = null;
        Set<Integer> covered = new HashSet<>();
        List<Finding> findings = new ArrayList<>();
        int unmapped = 0;
        for (JsonNode run : runs) {
            if (tool == null) {
                tool = run.path("tool").path("driver").path("name").asText("analysis tool");
            }
            RunIndex index = new RunIndex(run);
            covered.addAll(index.allRuleCwes());
            for (JsonNode result : run.path("results")) {
                Set<Integer> cwes = index.resultCwes(result);
                covered.addAll(cwes);
                if (!isFinding(result)) {
                    continue;
                }
                if (cwes.isEmpty()) {
                    unmapped++;
                } else {
                    findings.add(new Finding(index.ruleId(result), cwes,
                            result.path("message").path("text").asText(""), location(result)));
                }
            }
        }
        return new AnalysisReport(tool == null ? "analysis tool" : tool, covered, findings, unmapped);
    }

    private static boolean isFinding(JsonNode result) {
        if (NOT_FINDINGS.contains(result.path("kind").asText("fail").toLowerCase(Locale.ROOT))) {
            return false;
        }
        if ("absent".equals(result.path("baselineState").asText())) {
            return false;
        }
        for (JsonNode suppression : result.path("suppressions")) {
            // A suppression without a status is accepted (SARIF 2.1.0, §3.35).
            String status = suppression.path("status").asText("accepted");
            if ("accepted".equals(status)) {
                return false;
            }
        }
        return true;
    }

    private static String location(JsonNode result) {
        JsonNode physical = result.path("locations").path(0).path("physicalLocation");
        String uri = physical.path("artifactLocation").path("uri").asText("");
        if (uri.isEmpty()) {
            return "";
        }
        JsonNode line = physical.path("region").path("startLine");
        return line.isNumber() ? uri + ":" + line.asInt() : uri;
    }

    /** A CWE number from a tag or taxon id such as {@code CWE-79}, {@code 79} or {@code external/cwe/cwe-079}. */
    static Optional<Integer> cweOf(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.matches("\\d+")) {
            return Optional.of(Integer.parseInt(value));
        }
        Matcher matcher = CWE.matcher(value);
        return matcher.matches() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    /** One run's rules and CWE taxonomies, to resolve what results refer to. */
    private static final class RunIndex {
        private final JsonNode driver;
        private final List<JsonNode> extensions = new ArrayList<>();
        private final List<JsonNode> taxonomies = new ArrayList<>();
        private final Map<String, JsonNode> rulesById = new HashMap<>();

        RunIndex(JsonNode run) {
            driver = run.path("tool").path("driver");
            run.path("tool").path("extensions").forEach(extensions::add);
            run.path("taxonomies").forEach(taxonomies::add);
            indexRules(driver);
            extensions.forEach(this::indexRules);
        }

        private void indexRules(JsonNode component) {
            for (JsonNode rule : component.path("rules")) {
                rulesById.putIfAbsent(rule.path("id").asText(), rule);
            }
        }

        Set<Integer> allRuleCwes() {
            Set<Integer> cwes = new HashSet<>();
            for (JsonNode rule : driver.path("rules")) {
                cwes.addAll(ruleCwes(rule));
            }
            for (JsonNode extension : extensions) {
                for (JsonNode rule : extension.path("rules")) {
                    cwes.addAll(ruleCwes(rule));
                }
            }
            return cwes;
        }

        String ruleId(JsonNode result) {
            if (result.hasNonNull("ruleId")) {
                return result.get("ruleId").asText();
            }
            if (result.path("rule").hasNonNull("id")) {
                return result.path("rule").get("id").asText();
            }
            return rule(result).map(r -> r.path("id").asText("")).orElse("");
        }

        Set<Integer> resultCwes(JsonNode result) {
            Set<Integer> cwes = new LinkedHashSet<>();
            rule(result).ifPresent(rule -> cwes.addAll(ruleCwes(rule)));
            cwes.addAll(tags(result.path("properties").path("tags")));
            for (JsonNode taxon : result.path("taxa")) {
                cweOfReference(taxon).ifPresent(cwes::add);
            }
            return cwes;
        }

        private Optional<JsonNode> rule(JsonNode result) {
            JsonNode ref = result.path("rule");
            JsonNode component = ref.has("toolComponent") ? component(ref.path("toolComponent")) : driver;
            int index = result.path("ruleIndex").asInt(ref.path("index").asInt(-1));
            if (component != null && index >= 0 && index < component.path("rules").size()) {
                return Optional.of(component.path("rules").get(index));
            }
            String id = result.hasNonNull("ruleId") ? result.get("ruleId").asText() : ref.path("id").asText(null);
            return Optional.ofNullable(id == null ? null : rulesById.get(id));
        }

        private JsonNode component(JsonNode ref) {
            if (ref.has("index")) {
                int i = ref.get("index").asInt();
                return i >= 0 && i < extensions.size() ? extensions.get(i) : null;
            }
            String name = ref.path("name").asText("");
            return extensions.stream().filter(e -> e.path("name").asText().equals(name)).findFirst().orElse(driver);
        }

        private Set<Integer> ruleCwes(JsonNode rule) {
            Set<Integer> cwes = new LinkedHashSet<>(tags(rule.path("properties").path("tags")));
            for (JsonNode relationship : rule.path("relationships")) {
                cweOfReference(relationship.path("target")).ifPresent(cwes::add);
            }
            return cwes;
        }

        /** A reference to a taxon ({@code reportingDescriptorReference}) that lands in a CWE taxonomy. */
        private Optional<Integer> cweOfReference(JsonNode reference) {
            JsonNode taxonomy = taxonomy(reference.path("toolComponent"));
            if (taxonomy == null) {
                return Optional.empty();
            }
            if (reference.hasNonNull("id")) {
                return cweOf(reference.get("id").asText());
            }
            int index = reference.path("index").asInt(-1);
            if (index >= 0 && index < taxonomy.path("taxa").size()) {
                return cweOf(taxonomy.path("taxa").get(index).path("id").asText(""));
            }
            return Optional.empty();
        }

        /** The CWE taxonomy a toolComponent reference names (by index, guid or name); null for any other. */
        private JsonNode taxonomy(JsonNode ref) {
            JsonNode found = null;
            if (ref.has("index")) {
                int i = ref.get("index").asInt();
                found = i >= 0 && i < taxonomies.size() ? taxonomies.get(i) : null;
            } else if (ref.has("guid")) {
                String guid = ref.get("guid").asText();
                found = taxonomies.stream().filter(t -> guid.equalsIgnoreCase(t.path("guid").asText())).findFirst()
                        .orElse(null);
            }
            String name = found != null ? found.path("name").asText() : ref.path("name").asText("");
            if (!"cwe".equalsIgnoreCase(name)) {
                return null;
            }
            if (found == null) {
                found = taxonomies.stream().filter(t -> "cwe".equalsIgnoreCase(t.path("name").asText())).findFirst()
                        .orElse(mapperlessEmpty());
            }
            return found;
        }

        private static JsonNode mapperlessEmpty() {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }

        private static Set<Integer> tags(JsonNode tags) {
            Set<Integer> cwes = new LinkedHashSet<>();
            for (JsonNode tag : tags) {
                if (!tag.asText().trim().matches("\\d+")) {
                    cweOf(tag.asText()).ifPresent(cwes::add);
                }
            }
            return cwes;
        }
    }
}
