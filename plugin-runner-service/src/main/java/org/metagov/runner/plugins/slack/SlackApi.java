package org.metagov.runner.plugins.slack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.http.PlatformHttp;
import org.metagov.sdk.http.PlatformResponse;

/**
 * Slack's Web API as upstream calls it: {@code POST <base>/<method>} with a form body, answered {@code 200
 * {"ok": true|false, ...}}. The token goes in {@code Authorization: Bearer} (Slack takes it there or as the form
 * field upstream uses), so it is never part of a body, a log line or an error. {@code ok: false} and any non-2xx
 * are 502s with Slack's answer (its {@code error} code) in {@code details}; a 429 is waited out by the client when
 * its {@code Retry-After} fits in the call's time.
 */
final class SlackApi {

    static final String DEFAULT_BASE_URL = "https://slack.com/api";
    private static final Pattern METHOD = Pattern.compile("[A-Za-z][A-Za-z0-9._]{0,99}");

    private final PlatformHttp http;
    private final String baseUrl;
    private final String token;

    SlackApi(PlatformHttp http, String baseUrl, String token) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /** The reply without {@code ok}; a failure (502) naming Slack's error when {@code ok} is false. */
    JsonNode call(String method, Map<String, JsonNode> arguments) {
        return requireOk(method, reply(method, arguments));
    }

    /**
     * Slack's whole reply, {@code ok} included. Arguments: null is left out, text, numbers and booleans as text,
     * objects and arrays as JSON text (as Slack reads {@code blocks}, {@code attachments}); a {@code token} argument
     * replaces the bot token, as upstream lets callers do.
     */
    JsonNode reply(String method, Map<String, JsonNode> arguments) {
        if (method == null || !METHOD.matcher(method).matches()) {
            throw PluginException.badRequest("'" + method + "' is not a Slack Web API method name");
        }
        Map<String, List<String>> form = new LinkedHashMap<>();
        String bearer = token;
        for (Map.Entry<String, JsonNode> argument : arguments.entrySet()) {
            JsonNode value = argument.getValue();
            if (value == null || value.isNull() || value.isMissingNode()) {
                continue;
            }
            String text = value.isValueNode() ? value.asText() : value.toString();
            if (argument.getKey().equals("token")) {
                bearer = text;
            } else {
                form.put(argument.getKey(), List.of(text));
            }
        }
        PlatformResponse response = http.sendForm("POST", baseUrl + "/" + method, form,
                Map.of("Authorization", "Bearer " + bearer));
        response.requireSuccess();
        return response.body().length == 0 ? Json.object() : response.json();
    }

    static JsonNode requireOk(String method, JsonNode reply) {
        if (reply.path("ok").isBoolean() && !reply.path("ok").asBoolean()) {
            throw PluginException.platformFailure("Slack's " + method + " failed: "
                    + reply.path("error").asText("unknown error"), List.of(reply));
        }
        ObjectNode result = reply.isObject() ? ((ObjectNode) reply).deepCopy() : Json.object();
        result.remove("ok");
        return result;
    }

    static boolean failedWith(JsonNode reply, String error) {
        return !reply.path("ok").asBoolean(true) && error.equals(reply.path("error").asText());
    }
}
