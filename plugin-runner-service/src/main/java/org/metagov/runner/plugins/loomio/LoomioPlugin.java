package org.metagov.runner.plugins.loomio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.metagov.sdk.Action;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.http.PlatformHttp;
import org.metagov.sdk.http.PlatformResponse;

/**
 * Metagov's loomio plugin: a Loomio group (and optionally its subgroups), each reached with its own API key, sent as
 * the {@code api_key} parameter (query for GETs, form field for POSTs) to {@code LOOMIO_API_BASE_URL/api/b1/...}
 * (default {@code https://www.loomio.org}). The keys never enter state: groups are stored by the index of their key
 * (0 the main key, then the subgroup keys in order).
 */
@Plugin(name = "loomio", description = "A Loomio group: members, discussions and polls",
        configSchema = "config.schema.json", authType = Plugin.AuthType.API_KEY)
public class LoomioPlugin extends PluginBase {

    static final String BASE_URL = "LOOMIO_API_BASE_URL";

    /** Each key is tried on the memberships Loomio answers for it (403 for a key it does not know). */
    @Override
    public void validateConfig(JsonNode config) {
        List<String> keys = keys();
        for (int index = 0; index < keys.size(); index++) {
            String query = PlatformHttp.formEncode(Map.of("api_key", List.of(keys.get(index))));
            PlatformResponse response = api().get(siteUrl() + "/api/b1/memberships?" + query,
                    Map.of("Accept", "application/json"));
            if (response.status() == 401 || response.status() == 403) {
                throw PluginException.badRequest("Loomio refused the "
                        + (index == 0 ? "api_key" : "subgroup_api_keys[" + (index - 1) + "]")
                        + " (HTTP " + response.status() + ")");
            }
            response.requireSuccess();
        }
    }

    /** Each key's group {@code key} and {@code handle}; the main group's handle is the community's Loomio id. */
    @Override
    public void initialize() {
        ArrayNode groups = Json.MAPPER.createArrayNode();
        List<String> keys = keys();
        for (int index = keys.size() - 1; index >= 0; index--) { // the main key last, as upstream
            JsonNode group = memberships(keys.get(index)).path("groups").path(0);
            groups.add(Json.object().put("index", index).put("key", group.path("key").asText(null))
                    .put("handle", group.path("handle").asText(null)));
        }
        state().set("groups", groups);
        String handle = groups.get(groups.size() - 1).path("handle").asText(null);
        state().set("handle", handle);
        if (handle != null && !handle.isBlank()) {
            setCommunityPlatformId(handle); // as upstream: the main group's handle
        }
    }

    @Action(slug = "list-members", description = "The members of the group (or of a subgroup), as Loomio lists them",
            inputSchema = "list-members.input.json")
    public JsonNode listMembers(JsonNode parameters) {
        return memberships(keyFor(parameters.path("subgroup").asText(null)));
    }

    @Action(slug = "create-discussion", description = "Start a discussion thread",
            inputSchema = "create-discussion.input.json")
    public JsonNode createDiscussion(JsonNode parameters) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        parameters.properties().forEach(field -> {
            if (!field.getKey().equals("subgroup")) {
                form.put(field.getKey(), values(field.getValue())); // lists go out as plain repeated fields
            }
        });
        form.put("api_key", List.of(keyFor(parameters.path("subgroup").asText(null))));
        return post("/api/b1/discussions", form);
    }

    /** Upstream's plugin-level receiver does nothing: Loomio's hooks only reach the pending polls. */
    @WebhookReceiver
    public void receive(WebhookRequest request) {
        // no driver events: each pending loomio.poll reads the hook itself
    }

    /** The site root, e.g. {@code https://www.loomio.org}, without a trailing slash. */
    String siteUrl() {
        String url = setting(BASE_URL).orElse("https://www.loomio.org");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    JsonNode memberships(String key) {
        return get("/api/b1/memberships", key);
    }

    JsonNode get(String path, String key) {
        String query = PlatformHttp.formEncode(Map.of("api_key", List.of(key)));
        return answer(api().get(siteUrl() + path + "?" + query, Map.of("Accept", "application/json")));
    }

    JsonNode post(String path, Map<String, List<String>> form) {
        return answer(api().sendForm("POST", siteUrl() + path, form, Map.of("Accept", "application/json")));
    }

    /** The operator's address (a setting), so not checked against the policy for community URLs. */
    private PlatformHttp api() {
        return http().trusted();
    }

    private static JsonNode answer(PlatformResponse response) {
        return response.requireSuccess().json();
    }

    /** The API key for a subgroup (its key or handle), the main key without one; an unknown subgroup is a 400. */
    String keyFor(String subgroup) {
        return keys().get(indexFor(subgroup));
    }

    int indexFor(String subgroup) {
        if (subgroup == null || subgroup.isEmpty()) {
            return 0;
        }
        JsonNode groups = state().get("groups");
        if (groups != null) {
            for (JsonNode group : groups) {
                if (subgroup.equals(group.path("key").asText()) || subgroup.equals(group.path("handle").asText())) {
                    return group.path("index").asInt();
                }
            }
        }
        throw PluginException.badRequest("No API key found for Loomio group " + subgroup);
    }

    String keyAt(int index) {
        List<String> keys = keys();
        if (index < 0 || index >= keys.size()) {
            throw PluginException.failure("The Loomio key of this poll is no longer configured", null);
        }
        return keys.get(index);
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        keys.add(config().path("api_key").asText());
        config().path("subgroup_api_keys").forEach(k -> keys.add(k.asText()));
        return keys;
    }

    /** Form values as Loomio's Rails reads them: lists repeated, booleans {@code true}/{@code false}. */
    static List<String> values(JsonNode value) {
        if (value.isArray()) {
            List<String> all = new ArrayList<>();
            value.forEach(v -> all.add(v.asText()));
            return all;
        }
        return List.of(value.asText());
    }
}
