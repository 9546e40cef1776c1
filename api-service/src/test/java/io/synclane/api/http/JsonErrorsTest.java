package io.synclane.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A JSON body that could not be read, said without a Java name and naming the field when there is one. */
class JsonErrorsTest {
    record Body(String name, Long connector, Integer minute, Boolean paused, Map<String, Object> params,
            List<String> permissions) {
    }

    private static final ObjectMapper MAPPER = mapper();

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        new JsonLimits().customize(mapper);
        return mapper;
    }

    @Test
    void aWrongTypeNamesItsFieldInWordsNotJavaTypes() {
        assertRefused("{\"connector\": \"abc\"}", "connector", "A valid integer is required.");
        assertRefused("{\"connector\": 99999999999999999999}", "connector", "A valid integer is required.");
        assertRefused("{\"minute\": 2147483648}", "minute", "A valid integer is required.");
        assertRefused("{\"paused\": \"maybe\"}", "paused", "Must be a valid boolean.");
        assertRefused("{\"paused\": \"\"}", "paused", "Must be a valid boolean.");
        assertRefused("{\"name\": {\"a\": 1}}", "name", "Not a valid string.");
        assertRefused("{\"params\": \"x\"}", "params", "Invalid data. Expected a dictionary of items.");
        assertRefused("{\"permissions\": \"one\"}", "permissions", "Invalid data. Expected a list of items.");
    }

    @Test
    void whatTheReadingRefusesNamesNoCode() {
        for (String body : List.of("[".repeat(JsonLimits.MAX_DEPTH + 1) + "]".repeat(JsonLimits.MAX_DEPTH + 1),
                "{\"name\": \"x\"} trailing", "{\"name\": \"x\"}{\"name\": \"y\"}",
                "{\"connector\": " + "9".repeat(JsonLimits.MAX_NUMBER_LENGTH + 1) + "}", "{\"a\" 1}",
                "{\"wide\": [" + "0,".repeat((int) JsonLimits.MAX_TOKENS) + "0]}")) {
            JsonErrors.Refusal refusal = refusal(body);
            assertNull(refusal.field(), body);
            assertFalse(refusal.message().matches("(?s).*(java|jackson|Exception|StreamReadConstraints|`|\\$).*"),
                    refusal.message());
        }
        JsonErrors.Refusal deep = refusal("{\"params\": {\"a\": " + "[".repeat(40) + "]".repeat(40) + "}}");
        assertEquals("params", deep.field(), "the field it was read for");
        assertEquals("Invalid value: Document nesting depth (33) exceeds the maximum allowed (32)", deep.message());
        assertEquals("Extra data after the JSON value.", refusal("{\"name\": \"x\"}{}").message());
    }

    @Test
    void anUnreadableValueNamesTheFieldItWasFor() {
        JsonErrors.Refusal refusal = refusal("{\"name\": \"\\x41\"}");
        assertEquals("name", refusal.field());
        assertTrue(refusal.message().startsWith("Invalid value: Unrecognized character escape"), refusal.message());
    }

    @Test
    void cleanRemovesWhatNamesTheCode() {
        assertEquals("Cannot deserialize value of type value from String \"abc\"",
                JsonErrors.clean("Cannot deserialize value of type `java.lang.Long` from String \"abc\""));
        assertEquals("Document nesting depth (33) exceeds the maximum allowed (32)", JsonErrors.clean(
                "Document nesting depth (33) exceeds the maximum allowed (32, from `StreamReadConstraints.getMaxNestingDepth()`)"));
    }

    private static void assertRefused(String body, String field, String message) {
        JsonErrors.Refusal refusal = refusal(body);
        assertEquals(field, refusal.field(), body);
        assertEquals(message, refusal.message(), body);
    }

    private static JsonErrors.Refusal refusal(String body) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> MAPPER.readValue(body, Body.class));
        return JsonErrors.of(e);
    }
}
