package org.metagov.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Bodies are read as JSON whatever their type; what is not JSON is malformed_json, the wrong kind bad_request. */
class JsonBodiesTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ApiException failure(Runnable read) {
        return assertThrows(ApiException.class, read::run);
    }

    @Test
    void anObjectIsRead() {
        assertEquals(1, JsonBodies.object(bytes("{\"a\": 1}")).path("a").asInt());
        assertEquals(2, JsonBodies.read(bytes(" [1, 2] ")).size());
    }

    @Test
    void anEmptyBodyIsMalformedUnlessAllowed() {
        assertEquals("malformed_json", failure(() -> JsonBodies.object(null)).body().error());
        assertEquals("malformed_json", failure(() -> JsonBodies.object(bytes(" \n"))).body().error());
        assertTrue(JsonBodies.objectOrEmpty(new byte[0]).isEmpty());
        assertTrue(JsonBodies.read(bytes("  ")).isMissingNode());
    }

    @Test
    void whatIsNotJsonIsMalformedSayingWhere() {
        ApiException e = failure(() -> JsonBodies.object(bytes("{\"a\":")));
        assertEquals(400, e.status());
        assertEquals("malformed_json", e.body().error());
        assertEquals("The body is not valid JSON: line 1, column 6", e.getMessage());
        assertEquals("malformed_json", failure(() -> JsonBodies.object(bytes("api_key=k"))).body().error());
        assertEquals("The body is not valid JSON: more than one value",
                failure(() -> JsonBodies.object(bytes("{} {}"))).getMessage());
    }

    @Test
    void jsonOfTheWrongKindIsABadRequest() {
        ApiException e = failure(() -> JsonBodies.object(bytes("[1]")));
        assertEquals("bad_request", e.body().error());
        assertEquals("bad_request", failure(() -> JsonBodies.objectOrEmpty(bytes("\"x\""))).body().error());
    }
}
