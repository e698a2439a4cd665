package org.metagov.web;

import java.io.IOException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a request body as JSON whatever its {@code Content-Type} says, or if it says nothing, as upstream Metagov
 * does (PolicyKit posts some calls with no body and no type). A resource takes the body as {@code byte[]} under
 * {@code @Consumes(MediaType.WILDCARD)} and calls one of these; what is not JSON is {@code 400 malformed_json},
 * a JSON value of the wrong kind {@code 400 bad_request}.
 */
public final class JsonBodies {

    /** Trailing tokens are refused: {@code {} x} is not a JSON document. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonBodies() {
    }

    /** The body as JSON; a {@link MissingNode} when it is empty or only white space. */
    public static JsonNode read(byte[] raw) {
        if (isEmpty(raw)) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = MAPPER.readTree(raw);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JacksonException e) {
            boolean trailing = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token");
            throw new ApiException(400, "malformed_json", trailing
                    ? "The body is not valid JSON: more than one value" : JsonProblems.describe(e));
        } catch (IOException e) {
            throw new ApiException(400, "malformed_json", "The body could not be read as JSON");
        }
    }

    /** A JSON object body; an empty body is {@code malformed_json}, as upstream answers it. */
    public static ObjectNode object(byte[] raw) {
        JsonNode node = read(raw);
        if (node.isMissingNode()) {
            throw new ApiException(400, "malformed_json", "The body is empty; expected a JSON object");
        }
        return requireObject(node);
    }

    /** A JSON object body, where upstream also takes an empty one: that is read as {@code {}}. */
    public static ObjectNode objectOrEmpty(byte[] raw) {
        JsonNode node = read(raw);
        return node.isMissingNode() ? MAPPER.createObjectNode() : requireObject(node);
    }

    private static ObjectNode requireObject(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("The body must be a JSON object");
        }
        return object;
    }

    private static boolean isEmpty(byte[] raw) {
        if (raw == null) {
            return true;
        }
        for (byte b : raw) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
