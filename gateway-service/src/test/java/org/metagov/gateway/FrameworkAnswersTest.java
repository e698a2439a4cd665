package org.metagov.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.metagov.testing.KafkaTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The answers Vert.x, Quarkus and RESTEasy give on their own carry the JSON error contract like every other error
 * (they used to be empty, or name Jackson's internals), as the libs/web mechanisms give every service.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeCommunityService.class)
class FrameworkAnswersTest {

    private static final String ACTION = "/api/internal/action/tutorial.times-two";

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void tooLongRequestTargetIs414Json() throws IOException {
        assertError(send("GET /api/internal/community/" + "x".repeat(25_000) + " HTTP/1.1\r\nHost: g\r\n\r\n"),
                414, "uri_too_long");
        // far past the limit too: the codec parses what a body may be, so this is still ours to answer
        assertError(send("GET /api/internal/community/" + "x".repeat(500_000) + " HTTP/1.1\r\nHost: g\r\n\r\n"),
                414, "uri_too_long");
    }

    @Test
    void tooLargeHeadersAre431Json() throws IOException {
        assertError(send("GET /q/health/live HTTP/1.1\r\nHost: g\r\nX-Big: " + "y".repeat(30_000) + "\r\n\r\n"),
                431, "headers_too_large");
        StringBuilder many = new StringBuilder("GET /q/health/live HTTP/1.1\r\nHost: g\r\n");
        for (int i = 0; i < 2_000; i++) {
            many.append("X-H").append(i).append(": value\r\n");
        }
        assertError(send(many + "\r\n"), 431, "headers_too_large");
    }

    @Test
    void routingAnswersAreJson() throws IOException {
        assertError(send("GET /nothing/here HTTP/1.1\r\nHost: g\r\n\r\n"), 404, "not_found");
        assertError(send("PATCH /api/internal/community/c1 HTTP/1.1\r\nHost: g\r\n\r\n"), 405, "method_not_allowed");
        assertError(send("GET " + ACTION + " HTTP/1.1\r\nHost: g\r\n\r\n"), 405, "method_not_allowed");
        // no 415: a JSON endpoint reads its body as JSON whatever the Content-Type (upstream); this call lacks the header
        assertError(post(ACTION, "text/plain", "Accept: application/json\r\n", "{}"), 400, "bad_request");
        assertError(post(ACTION, "application/json", "Accept: text/html\r\n", "{}"), 406, "not_acceptable");
        // HTTP/1.1 requires a Host header; Vert.x refuses the request before any route
        assertError(send("GET /q/health/live HTTP/1.1\r\n\r\n"), 400, "bad_request");
    }

    @Test
    void aPostAskingToUpgradeToHttp2IsAnsweredAsHttp11() throws IOException {
        // what Java's HttpClient sends by default (Upgrade: h2c on a cleartext POST); it used to be a 500
        RawHttp.Answer answer = send("POST " + ACTION + " HTTP/1.1\r\nHost: g\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        assertError(answer, 400, "bad_request"); // the missing community header: the request was read as sent
    }

    @Test
    void unreadableJsonSaysWhereNotWhatJacksonThought() throws IOException {
        for (String body : new String[] {"{\"a\":", "{\"parameters\": {\"value\": 5}", "{'a': 1}", "[1, 2,,]",
                "{\"value\": \"\u0000\"}", "nope", "\"unterminated"}) {
            RawHttp.Answer answer = post(ACTION, "application/json", "X-Metagov-Community: my-community-1234\r\n",
                    body);
            assertEquals(400, answer.status(), body + " -> " + answer.body());
            assertError(answer, 400, "malformed_json");
            assertTrue(answer.body().matches(".*\"message\":\"The body is not valid JSON: line 1, column \\d+\".*"),
                    body + " -> " + answer.body());
        }
    }

    private static void assertError(RawHttp.Answer answer, int status, String error) {
        assertEquals(status, answer.status(), answer.head() + "\n" + answer.body());
        assertTrue(answer.head().toLowerCase().contains("content-type: application/json"), answer.head());
        assertTrue(answer.body().startsWith("{\"error\":\"" + error + "\",\"message\":\""), answer.body());
        assertTrue(answer.body().endsWith(",\"details\":[]}"), answer.body());
        for (String internal : new String[] {"jackson", "java.", "Exception", "@Consumes", "@Produces", "HTTP 4"}) {
            assertFalse(answer.body().contains(internal), answer.body());
        }
    }

    private RawHttp.Answer post(String path, String type, String headers, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return send("POST " + path + " HTTP/1.1\r\nHost: g\r\nContent-Type: " + type + "\r\n" + headers
                + "Content-Length: " + bytes.length + "\r\n\r\n" + new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private RawHttp.Answer send(String request) throws IOException {
        return RawHttp.send(port, request);
    }
}
