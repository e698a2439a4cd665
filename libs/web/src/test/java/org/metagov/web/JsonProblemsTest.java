package org.metagov.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** A body Jackson cannot bind is described by where and what was expected, never by Java types or tokens. */
class JsonProblemsTest {

    enum Colour { RED, GREEN }

    record Item(String name, int count, List<String> tags, Colour colour, Instant at) {
    }

    record Order(String id, List<Item> items, boolean paid) {
        Order {
            if (id != null && id.isBlank()) {
                throw new IllegalArgumentException("id must not be blank");
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void syntaxErrorsSayLineAndColumn() {
        assertEquals("The body is not valid JSON: line 1, column 6", problem("{\"a\":"));
        assertEquals("The body is not valid JSON: line 2, column 3", problem("{\"id\": \"1\",\n  , }"));
    }

    @Test
    void bindingErrorsNameTheFieldAndWhatItMustBe() {
        assertEquals("Field 'id' must be a string", problem("{\"id\": {}}"));
        assertEquals("Field 'paid' must be true or false", problem("{\"paid\": \"maybe\"}"));
        assertEquals("Field 'items' must be an array", problem("{\"items\": 3}"));
        assertEquals("Field 'items[0].count' must be a whole number", problem("{\"items\": [{\"count\": \"x\"}]}"));
        assertEquals("Field 'items[1].tags' must be an array", problem("{\"items\": [{}, {\"tags\": {}}]}"));
        assertEquals("Field 'items[0].colour' must be one of 'RED', 'GREEN'",
                problem("{\"items\": [{\"colour\": \"BLUE\"}]}"));
        assertEquals("Field 'items[0].at' must be a date-time like 2024-01-31T12:00:00Z",
                problem("{\"items\": [{\"at\": \"yesterday\"}]}"));
        assertEquals("The body must be an object", problem("[1]"));
        assertEquals("Unknown field 'colour'", problem("{\"colour\": \"red\"}"));
        assertEquals("The body is invalid: id must not be blank", problem("{\"id\": \" \"}"));
        assertEquals("The body is empty; expected JSON", problem(""));
    }

    private static String problem(String body) {
        JacksonException e = assertThrows(JacksonException.class, () -> JSON.readValue(body, Order.class));
        return JsonProblems.describe(e);
    }
}
