package org.metagov.runner.plugins.discord;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import org.metagov.sdk.PluginException;
import org.metagov.sdk.http.PlatformHttp;
import org.metagov.sdk.http.PlatformResponse;

/**
 * Discord's REST API as upstream calls it: {@code <base><route>} (no version prefix but on command routes,
 * {@code /v8/...}), JSON bodies, {@code Authorization: Bot <token>} with the deployment's one bot token. A non-2xx
 * is a 502 with Discord's {@code {"code", "message"}} in {@code details}; an empty 2xx is JSON null; a 429 is waited
 * out by the client when its {@code Retry-After} fits in the call's time. The token is never in a body or an error.
 */
final class DiscordApi {

    static final String DEFAULT_BASE_URL = "https://discord.com/api";
    /** A path on the API host: starts with one slash, no {@code ..}, no authority tricks. */
    private static final Pattern ROUTE = Pattern.compile("/[A-Za-z0-9_\\-./%?=&,:@]*");

    private final PlatformHttp http;
    private final String baseUrl;
    private final String token;

    DiscordApi(PlatformHttp http, String baseUrl, String token) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    JsonNode call(String method, String route, JsonNode body) {
        PlatformResponse response = send(method, route, body).requireSuccess();
        return response.body().length == 0 ? NullNode.getInstance() : response.json();
    }

    /** Discord's answer, whatever its status. */
    PlatformResponse send(String method, String route, JsonNode body) {
        if (route == null || !ROUTE.matcher(route).matches() || route.contains("..") || route.startsWith("//")) {
            throw PluginException.badRequest("'" + route + "' is not a Discord API route (it starts with /)");
        }
        Map<String, String> headers = Map.of("Authorization", "Bot " + token);
        return body == null || body.isNull()
                ? http.send(method, baseUrl + route, null, null, headers)
                : http.send(method, baseUrl + route, "application/json",
                        body.toString().getBytes(StandardCharsets.UTF_8), headers);
    }
}
