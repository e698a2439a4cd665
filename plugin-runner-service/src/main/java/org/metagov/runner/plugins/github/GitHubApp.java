package org.metagov.runner.plugins.github;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.http.PlatformHttp;
import org.metagov.sdk.http.PlatformResponse;

/**
 * Calls to GitHub as the App: {@code /app/...} with the App JWT, everything else with an installation token
 * ({@code POST /app/installations/{id}/access_tokens}, valid one hour). Tokens are cached per installation for the
 * whole runner (a hook's or process's plugin object lives for one call) and fetched again 5 minutes before expiry,
 * or once when GitHub answers 401 (revoked early). Tokens never appear in a log or an error.
 */
public final class GitHubApp {

    static final String ACCEPT = "application/vnd.github.v3+json";
    private static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

    private record Token(String value, Instant expiresAt) {
    }

    /** By API base, app id and installation: tests and deployments with several Apps never share a token. */
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private final PlatformHttp http;
    private final String apiBase;
    private final String appId;
    private final String privateKey;

    public GitHubApp(PlatformHttp http, String apiBase, String appId, String privateKey) {
        this.http = http;
        this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
        this.appId = appId;
        this.privateKey = privateKey;
    }

    /** {@code GET /app/installations/{id}} with the App JWT. */
    public JsonNode installation(String installationId) {
        return http.get(apiBase + "/app/installations/" + installationId, Map.of("Authorization",
                "Bearer " + AppJwt.sign(appId, privateKey, Instant.now()), "Accept", ACCEPT)).requireSuccess().json();
    }

    /**
     * A call with the installation's token; a 401 fetches a new token and repeats once. An empty 2xx body is null.
     * {@code accept} null: GitHub's v3 media type.
     */
    JsonNode call(String installationId, String method, String route, JsonNode body, String accept) {
        PlatformResponse response = send(installationId, method, route, body, accept, false);
        if (response.status() == 401) {
            response = send(installationId, method, route, body, accept, true);
        }
        response.requireSuccess();
        return response.body().length == 0 ? null : response.json();
    }

    private PlatformResponse send(String installationId, String method, String route, JsonNode body, String accept,
            boolean fresh) {
        Map<String, String> headers = Map.of("Authorization", "token " + token(installationId, fresh),
                "Accept", accept == null ? ACCEPT : accept);
        byte[] bytes = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
        return http.send(method, apiBase + route, bytes == null ? null : "application/json", bytes, headers);
    }

    private String token(String installationId, boolean fresh) {
        String key = apiBase + "|" + appId + "|" + installationId;
        Token cached = TOKENS.get(key);
        if (!fresh && cached != null && Instant.now().isBefore(cached.expiresAt().minus(REFRESH_BEFORE))) {
            return cached.value();
        }
        JsonNode answer = http.send("POST", apiBase + "/app/installations/" + installationId + "/access_tokens", null,
                null, Map.of("Authorization", "Bearer " + AppJwt.sign(appId, privateKey, Instant.now()),
                        "Accept", ACCEPT)).requireSuccess().json();
        String value = answer.path("token").asText("");
        if (value.isEmpty()) {
            throw PluginException.failure("GitHub gave no installation token", null);
        }
        Instant expires = answer.hasNonNull("expires_at") ? Instant.parse(answer.path("expires_at").asText())
                : Instant.now().plus(Duration.ofHours(1));
        TOKENS.put(key, new Token(value, expires));
        return value;
    }

    static JsonNode orEmpty(JsonNode node) {
        return node == null ? Json.object() : node;
    }
}
