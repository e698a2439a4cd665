package org.metagov.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * PolicyKit's Metagov HTTP client (policykit 05f4137f, Python {@code requests}) as it goes over the wire: every URL
 * is {@code METAGOV_URL + path}; every request carries {@code requests}' default headers ({@code Accept: *}{@code /*},
 * {@code Accept-Encoding: gzip, deflate}, its User-Agent); a JSON body ({@code json=...}) adds
 * {@code Content-Type: application/json}, serialised as Python's {@code json.dumps} writes it; a call without a body
 * sends no Content-Type at all. HTTP/1.1, as {@code requests} speaks it (no h2c upgrade).
 */
final class PolicyKitHttp {

    static final String COMMUNITY_HEADER = "X-Metagov-Community";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    private final String metagovUrl;

    PolicyKitHttp(String metagovUrl) {
        this.metagovUrl = metagovUrl;
    }

    /** What PolicyKit gets back: the status, the headers it reads, {@code response.text} and {@code .json()}. */
    record Answer(int status, HttpResponse<byte[]> raw, String text) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        /** {@code response.json()}: fails on an empty or non-JSON body, as it does in Python. */
        JsonNode json() {
            try {
                if (text.isEmpty()) {
                    throw new IllegalStateException("response.json() on an empty body (status " + status + ")");
                }
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new IllegalStateException("response.json() on a body that is not JSON: " + text, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    Answer get(String path) {
        return send("GET", path, null, Map.of());
    }

    /** {@code requests.post(url, json=body, headers=...)}. */
    Answer postJson(String path, String pythonJson, Map<String, String> headers) {
        return send("POST", path, pythonJson, headers);
    }

    /** {@code requests.post(url, headers=...)}: no body, no Content-Type ({@code Content-Length: 0}). */
    Answer postEmpty(String path, Map<String, String> headers) {
        return send("POST", path, null, headers);
    }

    Answer putJson(String path, String pythonJson) {
        return send("PUT", path, pythonJson, Map.of());
    }

    Answer delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    static Map<String, String> community(String slug) {
        return Map.of(COMMUNITY_HEADER, slug);
    }

    private Answer send(String method, String path, String pythonJson, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("User-Agent", "python-requests/2.25.1");
        all.put("Accept-Encoding", "gzip, deflate");
        all.put("Accept", "*/*");
        all.putAll(headers);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (pythonJson != null) {
            all.put("Content-Type", "application/json");
            body = HttpRequest.BodyPublishers.ofString(pythonJson, StandardCharsets.UTF_8);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(metagovUrl + path))
                .timeout(Duration.ofSeconds(60)).method(method, body);
        all.forEach(request::header);
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response, decode(response));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code requests} decompresses what it asked for with Accept-Encoding. */
    private static String decode(HttpResponse<byte[]> response) throws IOException {
        byte[] bytes = response.body();
        String encoding = response.headers().firstValue("Content-Encoding").orElse("identity");
        if (encoding.equalsIgnoreCase("gzip")) {
            try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
        } else if (encoding.equalsIgnoreCase("deflate")) {
            try (var in = new InflaterInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
