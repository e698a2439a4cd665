package org.metagov.sdk.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.metagov.sdk.Json;

class JsonSchemasTest {

    static final JsonNode TUTORIAL = read("""
            {"type": "object",
             "properties": {"api_key": {"type": "string", "writeOnly": true},
                            "foo": {"type": "string", "default": "bar"},
                            "webhook_slug": {"type": "string"}},
             "required": ["api_key", "foo"]}""");

    static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void fillsDefaultsBeforeCheckingRequired() {
        ObjectNode config = (ObjectNode) read("{\"api_key\": \"ABC123\"}");
        assertEquals(List.of(), JsonSchemas.validate(TUTORIAL, config));
        assertEquals("bar", config.path("foo").asText());
    }

    @Test
    void reportsEachError() {
        List<String> errors = JsonSchemas.validate(TUTORIAL, read("{\"foo\": 3, \"webhook_slug\": []}"));
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("api_key")), errors.toString());
    }

    @Test
    void redactsWriteOnlyProperties() {
        assertEquals(Set.of("api_key"), JsonSchemas.secretProperties(TUTORIAL));
        JsonNode shown = JsonSchemas.redact(TUTORIAL, read("{\"api_key\": \"s3cret\", \"foo\": \"baz\"}"));
        assertFalse(shown.has("api_key"));
        assertEquals("baz", shown.path("foo").asText());
    }
}
