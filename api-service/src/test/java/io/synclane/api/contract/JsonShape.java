package io.synclane.api.contract;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "Same fields and types": every field of the page's example is in the answer with the same JSON type;
 * values may differ (ids, times, messages), and the answer may carry more fields. {@code params} is the
 * client's own data, so only its being an object is checked.
 */
final class JsonShape {
    private static final Set<String> FREE_FORM = Set.of("params");

    private JsonShape() {
    }

    /**
     * @param deviations fields whose type deliberately differs from the page, with the reason
     */
    static void assertSameShape(JsonNode expected, JsonNode actual, Map<String, String> deviations) {
        List<String> problems = new ArrayList<>();
        compare("$", expected, actual, deviations, problems);
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems) + "\nanswer: " + actual);
        }
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, Map<String, String> deviations,
            List<String> problems) {
        if (expected == null || expected.isNull()) {
            return;
        }
        if (actual == null || actual.isMissingNode()) {
            problems.add(path + ": missing");
            return;
        }
        String field = path.substring(path.lastIndexOf('.') + 1);
        if (deviations.containsKey(field)) {
            return;
        }
        if (actual.isNull()) {
            problems.add(path + ": null, the page shows " + expected.getNodeType());
            return;
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            problems.add(path + ": " + actual.getNodeType() + ", the page shows " + expected.getNodeType());
            return;
        }
        if (FREE_FORM.contains(field)) {
            return;
        }
        if (expected.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> entry = fields.next();
                compare(path + "." + entry.getKey(), entry.getValue(), actual.get(entry.getKey()), deviations,
                        problems);
            }
        } else if (expected.isArray() && !expected.isEmpty()) {
            if (actual.isEmpty()) {
                problems.add(path + ": empty, the page shows " + expected.size() + " item(s)");
            }
            for (int i = 0; i < actual.size(); i++) {
                compare(path + "[" + i + "]", expected.get(0), actual.get(i), deviations, problems);
            }
        }
    }
}
