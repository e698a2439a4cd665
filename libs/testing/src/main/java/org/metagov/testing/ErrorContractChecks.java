package org.metagov.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What every service that depends on libs/web answers on its own, checked over real HTTP: no route, a too-long
 * target, too-large headers, a control character in a path and a chunked body past the limit are each the JSON
 * error contract, not an empty answer.
 */
public final class ErrorContractChecks {

    private ErrorContractChecks() {
    }

    public static void assertFrameworkAnswersAreJson(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://localhost:" + port;
        assertJson(client.send(get(base + "/no/such/path").build(), HttpResponse.BodyHandlers.ofString()),
                404, "not_found");
        assertJson(client.send(get(base + "/" + "x".repeat(25_000)).build(), HttpResponse.BodyHandlers.ofString()),
                414, "uri_too_long");
        assertJson(client.send(get(base + "/q/health/live").header("X-Big", "y".repeat(30_000)).build(),
                HttpResponse.BodyHandlers.ofString()), 431, "headers_too_large");
        assertJson(client.send(get(base + "/api/internal/x%00y").build(), HttpResponse.BodyHandlers.ofString()),
                400, "bad_request");
        // an InputStream publisher has no length: the body goes chunked
        byte[] large = new byte[3 * 1024 * 1024];
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(base + "/api/internal/x")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))).build();
        assertJson(client.send(chunked, HttpResponse.BodyHandlers.ofString()), 413, "payload_too_large");
    }

    private static HttpRequest.Builder get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET();
    }

    private static void assertJson(HttpResponse<String> response, int status, String error) {
        String where = response.request().method() + " " + response.uri().getPath().substring(0,
                Math.min(60, response.uri().getPath().length()));
        assertEquals(status, response.statusCode(), where + ": " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                where + ": " + response.headers());
        assertTrue(response.body().startsWith("{\"error\":\"" + error + "\",\"message\":\""), where + ": "
                + response.body());
    }
}
