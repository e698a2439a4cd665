package org.metagov.metastore.storage.github;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import org.metagov.metastore.config.MetastoreConfig;
import org.metagov.metastore.error.MetastoreException;

/**
 * Minimal JSON client for the GitHub REST API (v3, {@code X-GitHub-Api-Version: 2022-11-28}). Returns the
 * status and body of every answer below 500 so the backend can map 404/409/422 to dataset semantics;
 * transport failures, 5xx and rejected credentials become 502s.
 */
public class GitHubClient {

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final String apiUrl;
    private final String token;
    private final Duration timeout;

    public GitHubClient(MetastoreConfig.GitHub config, ObjectMapper mapper) {
        this.mapper = mapper;
        this.apiUrl = config.apiUrl().replaceAll("/+$", "");
        this.token = config.token().orElse(null);
        this.timeout = Duration.ofSeconds(config.timeoutSeconds());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public record Answer(int status, JsonNode body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public Answer post(String path, Object body) {
        return send("POST", path, body);
    }

    public Answer patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null);
    }

    /** The body of a 2xx answer, or a 502 naming the call. */
    public JsonNode expectOk(Answer answer, String what) {
        if (!answer.ok()) {
            throw MetastoreException.upstream("GitHub refused to " + what + " (HTTP " + answer.status() + ": "
                    + answer.body().path("message").asText("no message") + ")");
        }
        return answer.body();
    }

    private Answer send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "metastore-service");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            JsonNode json = response.body().length == 0 ? MissingNode.getInstance() : mapper.readTree(response.body());
            if (status >= 500 || status == 401) {
                throw MetastoreException.upstream("GitHub answered " + method + " " + path + " with HTTP " + status
                        + (status == 401 ? ": check METASTORE_GITHUB_TOKEN" : ""));
            }
            return new Answer(status, json);
        } catch (IOException e) {
            throw MetastoreException.upstream("GitHub API call " + method + " " + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MetastoreException.upstream("Interrupted while calling GitHub");
        }
    }
}
