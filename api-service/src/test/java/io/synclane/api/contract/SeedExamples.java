package io.synclane.api.contract;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request/response examples of a contract page: each {@code ## Title} section's first
 * {@code ```http} block is the request, the second its answer.
 */
final class SeedExamples {
    record Example(String page, String title, String method, String path, JsonNode requestBody, int status,
            JsonNode responseBody) {
        @Override
        public String toString() {
            return page + " \u00a7 " + title;
        }
    }

    /** The pages are documentation, not JSON: they carry trailing commas and one stray colon. */
    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();
    private static final Pattern HTTP_BLOCK = Pattern.compile("```http\\n(.*?)```", Pattern.DOTALL);

    private SeedExamples() {
    }

    static List<Example> read(String resource) throws IOException {
        String page;
        try (InputStream in = SeedExamples.class.getResourceAsStream("/seeds/" + resource)) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Example> examples = new ArrayList<>();
        for (String section : page.split("\\n(?=##+ )")) {
            String title = section.lines().findFirst().orElse("").replaceFirst("^#+\\s*", "");
            Matcher blocks = HTTP_BLOCK.matcher(section);
            List<String> found = new ArrayList<>();
            while (blocks.find()) {
                found.add(blocks.group(1));
            }
            if (found.size() < 2) {
                continue;
            }
            String[] requestLine = found.get(0).lines().findFirst().orElseThrow().split(" ");
            String statusLine = found.get(1).lines().findFirst().orElseThrow();
            examples.add(new Example(resource.substring(0, 3), title, requestLine[0], requestLine[1],
                    body(found.get(0)), Integer.parseInt(statusLine.split(" ")[1]), body(found.get(1))));
        }
        return examples;
    }

    /** What follows the headers' blank line, or null when the message has no body. */
    private static JsonNode body(String message) throws IOException {
        int blank = message.indexOf("\n\n");
        if (blank < 0 || message.substring(blank).isBlank()) {
            return null;
        }
        String json = message.substring(blank).trim().replace("\":,", "\",");
        return LENIENT.readTree(json);
    }
}
