package org.metagov.metastore.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** The examples of RFC 7396, appendix A. */
class JsonMergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static void check(String target, String patch, String result) throws Exception {
        JsonNode t = JSON.readTree(target);
        JsonNode before = t.deepCopy();
        assertEquals(JSON.readTree(result), JsonMergePatch.apply(t, JSON.readTree(patch)), target + " + " + patch);
        assertEquals(before, t, "the target is not modified");
    }

    @Test
    void rfc7396AppendixA() throws Exception {
        check("{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}");
        check("{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}");
        check("{\"a\":\"b\"}", "{\"a\":null}", "{}");
        check("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}");
        check("{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}");
        check("{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}");
        check("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}");
        check("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}");
        check("[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"c\",\"d\"]");
        check("{\"a\":\"b\"}", "[\"c\"]", "[\"c\"]");
        check("{\"a\":\"foo\"}", "null", "null");
        check("{\"a\":\"foo\"}", "\"bar\"", "\"bar\"");
        check("{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}");
        check("[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}");
        check("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}");
    }
}
