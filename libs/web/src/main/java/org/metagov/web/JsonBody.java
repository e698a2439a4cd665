package org.metagov.web;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a request body as JSON whatever its Content-Type says (as upstream Metagov does): an empty body is
 * {@code null}, one that is not JSON a {@code 400 malformed_json}.
 */
public final class JsonBody {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBody() {
    }

    /** The body's JSON, or null when there is no body. */
    public static JsonNode read(byte[] body) {
        if (body == null || body.length == 0 || isBlank(body)) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(400, "malformed_json", JsonProblems.describe(e), List.of());
        } catch (IOException e) {
            throw new ApiException(400, "malformed_json", "The body is not valid JSON", List.of());
        }
    }

    /** The body as a JSON object; an empty body is an empty object, anything else but an object a 400. */
    public static ObjectNode object(byte[] body, String expected) {
        JsonNode json = read(body);
        if (json == null || json.isNull()) {
            return MAPPER.createObjectNode();
        }
        if (!(json instanceof ObjectNode object)) {
            throw ApiException.badRequest("The body must be " + expected);
        }
        return object;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
