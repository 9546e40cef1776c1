package io.synclane.worker.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's own params, read once at start from {@code SYNCLANE_AGENT_PARAMS_FILE}:
 * {@code {"params": {...}, "connections": {"<jobdefinition id>": {...}}}}. They override what Synclane sends (the
 * connection's entry over the ones for every job) and stay on this machine: they are never sent to Synclane nor logged.
 * As a second wall, {@link #redact} blanks their values out of every text the agent sends (comments, log, results),
 * in case a connector's message repeats one.
 */
public final class LocalParams {
    static final String REDACTED = "[local]";
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final Set<String> KEYS = Set.of("params", "connections");
    /** Shorter values (a port, "true") would blank out ordinary words, and reveal little. */
    private static final int MIN_REDACTED_LENGTH = 4;

    private final Map<String, Object> forEveryJob;
    private final Map<String, Map<String, Object>> byJobDefinition;
    /** Longest first, so a value containing another is blanked whole. */
    private final List<String> secrets;

    private LocalParams(Map<String, Object> forEveryJob, Map<String, Map<String, Object>> byJobDefinition) {
        this.forEveryJob = forEveryJob;
        this.byJobDefinition = byJobDefinition;
        List<String> values = new ArrayList<>();
        collectStrings(forEveryJob, values);
        collectStrings(byJobDefinition, values);
        this.secrets = values.stream().filter(v -> v.length() >= MIN_REDACTED_LENGTH).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public static LocalParams none() {
        return new LocalParams(Map.of(), Map.of());
    }

    /**
     * @throws IllegalArgumentException saying what is wrong with the file, never quoting its values
     */
    public static LocalParams read(Path file, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the agent's params file " + file + " does not exist");
        } catch (IOException e) {
            // The parser's message may quote the file's text: only its position is given.
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
                    ? " (line " + p.getLocation().getLineNr() + ")" : "";
            throw new IllegalArgumentException("the agent's params file " + file + " is not readable JSON" + where);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the agent's params file " + file
                    + " must hold an object: {\"params\": {...}, \"connections\": {\"<jobdefinition id>\": {...}}}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException("the agent's params file " + file + " has an unknown key \"" + name
                        + "\" (only \"params\" and \"connections\")");
            }
        }
        Map<String, Object> forEveryJob = object(root.path("params"), file, "params", json);
        Map<String, Map<String, Object>> byJobDefinition = new LinkedHashMap<>();
        object(root.path("connections"), file, "connections", json).keySet().forEach(id -> byJobDefinition.put(id,
                object(root.path("connections").path(id), file, "connections." + id, json)));
        return new LocalParams(forEveryJob, byJobDefinition);
    }

    /** The job's params with this agent's over them: first those for every job, then its job definition's. */
    public Map<String, Object> overlay(Map<String, Object> jobParams, String jobDefinitionId) {
        Map<String, Object> merged = new LinkedHashMap<>(jobParams);
        merged.putAll(forEveryJob);
        if (jobDefinitionId != null) {
            merged.putAll(byJobDefinition.getOrDefault(jobDefinitionId, Map.of()));
        }
        return merged;
    }

    /** The text with every local value of at least four characters replaced by {@value #REDACTED}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, REDACTED);
        }
        return result;
    }

    /** What the agent may log about the file: how much it holds, not what. */
    public String describe() {
        return forEveryJob.size() + " params for every job, overrides for " + byJobDefinition.size()
                + " job definitions";
    }

    private static Map<String, Object> object(JsonNode node, Path file, String key, ObjectMapper json) {
        if (node.isMissingNode() || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the agent's params file " + file + ": \"" + key + "\" must be an object");
        }
        return json.convertValue(node, OBJECT);
    }

    private static void collectStrings(Object value, List<String> into) {
        if (value instanceof String text) {
            into.add(text);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collectStrings(v, into));
        } else if (value instanceof Iterable<?> list) {
            list.forEach(v -> collectStrings(v, into));
        }
    }
}
