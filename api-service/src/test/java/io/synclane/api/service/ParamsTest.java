package io.synclane.api.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A connector's or connection's params: settings, bounded and storable; a refusal names params, never a value. */
class ParamsTest {
    private static final String SECRET = "a-secret-value";

    @Test
    void realParamsPass() {
        Map<String, Object> params = Map.of("alm_server", "https://redmine.example", "alm_api_token", SECRET,
                "max_attempts", 4, "alm_validate_cert", false, "task_status_mapping", Map.of("pass", "DONE"),
                "alm_phases", List.of("requirements", "development"), "nothing", new HashMap<>());
        assertDoesNotThrow(() -> Params.check("params", params));
    }

    @Test
    void aNulInAValueIsRefusedWithoutShowingIt() {
        // jsonb refused "\u0000" with an error: it was a 500
        InvalidField refused = refused(Map.of("alm_api_token", SECRET + "\u0000"));
        assertEquals("params", refused.field());
        assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
        assertEquals(true, refused.getMessage().contains("alm_api_token"), "names the param");
    }

    @Test
    void aNulOrHalfAPairInANameOrNestedValueIsRefused() {
        refused(Map.of("alm\u0000server", "x"));
        refused(Map.of("mapping", Map.of("pass", "\ud800")));
        refused(Map.of("list", List.of("ok", "\u0000")));
    }

    @Test
    void sizesAreBounded() {
        refused(Map.of("alm_server", "v".repeat(Params.VALUE_MAX + 1)));
        refused(Map.of("k".repeat(Params.NAME_MAX + 1), "v"));
        Map<String, Object> many = new HashMap<>();
        for (int i = 0; i <= Params.MAX_ENTRIES; i++) {
            many.put("key_" + i, "v");
        }
        refused(many);
        Map<String, Object> large = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            large.put("p" + i, "w".repeat(Params.VALUE_MAX));
        }
        refused(large);
        assertDoesNotThrow(() -> Params.check("params", Map.of("alm_server", "v".repeat(Params.VALUE_MAX))));
    }

    @Test
    void nestingIsBounded() {
        // the params object is the first of MAX_DEPTH (4) levels of objects and lists
        assertDoesNotThrow(() -> Params.check("params", Map.of("a", Map.of("b", Map.of("c", Map.of("d", "leaf"))))));
        assertDoesNotThrow(() -> Params.check("params", Map.of("a", List.of(List.of(List.of("leaf"))))));
        refused(Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of("e", "leaf"))))));
        refused(Map.of("a", List.of(List.of(List.of(List.of("leaf"))))));
    }

    private static InvalidField refused(Map<String, Object> params) {
        return assertThrows(InvalidField.class, () -> Params.check("params", params), params.keySet().toString());
    }
}
