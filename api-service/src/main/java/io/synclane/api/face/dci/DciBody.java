package io.synclane.api.face.dci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synclane.api.http.JsonErrors;
import io.synclane.api.http.Utf8;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A DCI request's JSON object, read leniently as real DCI clients send it: ids as numbers or numeric strings,
 * keys the face does not know ignored (clients send {@code tags: []}, {@code topic_id}), an empty body as {}. A
 * value of the wrong type is refused naming its key.
 */
final class DciBody {
    private final ObjectNode node;
    private final String prefix;

    private DciBody(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    static DciBody parse(ObjectMapper mapper, byte[] body) {
        if (body == null || body.length == 0) {
            return new DciBody(mapper.createObjectNode(), "");
        }
        if (!Utf8.valid(body)) {
            throw new DciRefusal(400, null, "The body is not valid UTF-8.");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            JsonErrors.Refusal refusal = JsonErrors.of(e);
            throw refusal.field() == null ? new DciRefusal(400, null, "The body is not valid JSON: " + refusal.message())
                    : new DciRefusal(400, refusal.field(), refusal.message());
        } catch (IOException e) {
            throw new DciRefusal(400, null, "The body could not be read.");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return new DciBody(mapper.createObjectNode(), "");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new DciRefusal(400, null, "The body must be a JSON object.");
        }
        return new DciBody(object, "");
    }

    /** An integer id, given as a number or a string of digits; null when absent or null. */
    Long id(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.asLong() > 0) {
            return value.asLong();
        }
        if (value.isTextual() && value.asText().matches("[1-9][0-9]{0,17}")) {
            return Long.parseLong(value.asText());
        }
        throw refused(key, "must be an integer id (a number or a string of digits)");
    }

    String text(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw refused(key, "must be a string");
        }
        return value.asText();
    }

    boolean bool(String key, boolean absent) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw refused(key, "must be true or false");
        }
        return value.asBoolean();
    }

    /** The objects of an array (each read like a body of its own, its keys named {@code key[i].name}). */
    List<DciBody> objects(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw refused(key, "is required");
        }
        if (!value.isArray()) {
            throw refused(key, "must be an array");
        }
        List<DciBody> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!(value.get(i) instanceof ObjectNode object)) {
                throw refused(key + "[" + i + "]", "must be an object");
            }
            items.add(new DciBody(object, prefix + key + "[" + i + "]."));
        }
        return items;
    }

    /** A nested object, or null when absent or null. */
    DciBody object(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            throw refused(key, "must be an object");
        }
        return new DciBody(object, prefix + key + ".");
    }

    DciRefusal refused(String key, String message) {
        return new DciRefusal(400, prefix + key, message);
    }
}
