package org.metagov.runner.plugins.discourse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.Log;

import org.metagov.sdk.Action;
import org.metagov.sdk.Initiator;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.Signatures;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookVerificationException;
import org.metagov.sdk.http.PlatformResponse;

/**
 * Metagov's discourse plugin: a self-hosted Discourse forum at {@code server_url}, called with a single-user admin
 * {@code Api-Key} (and {@code Api-Username} when configured). Hooks are set up by hand in Discourse (Admin, Webhooks)
 * with {@code webhook_secret}; each must carry a valid {@code X-Discourse-Event-Signature} (upstream only logs a bad
 * one; here nothing is emitted and the hook counts as rejected). A platform refusal is a 502 with Discourse's
 * {@code errors} in {@code details} (upstream: a 500).
 */
@Plugin(name = "discourse", description = "A Discourse forum: posts, topics, messages, polls and its webhooks",
        configSchema = "config.schema.json", authType = Plugin.AuthType.API_KEY,
        platformIdKey = "server_url")
public class DiscoursePlugin extends PluginBase {

    /** Active users are listed 100 a page; a forum larger than this many pages is read in part (logged). */
    static final int MAX_USER_PAGES = 50;

    /** The key is checked on the first page of active users, which initialize() reads anyway. */
    @Override
    public void validateConfig(JsonNode config) {
        PlatformResponse response = request("GET", "/admin/users/list/active.json?page=1", null, null, true);
        if (response.status() == 401 || response.status() == 403) {
            throw PluginException.badRequest("Discourse at " + serverUrl() + " refused the api_key"
                    + (config.path("api_username").asText("").isEmpty() ? "" : " for api_username "
                            + config.path("api_username").asText())
                    + " (HTTP " + response.status() + ")");
        }
        response.requireSuccess();
    }

    @Override
    public void initialize() {
        JsonNode about = call("GET", "/about.json", null, null, false);
        state().set("title", about.path("about").path("title").asText(null));
        storeUsers();
    }

    /** The active users with their {@code user_fields}, so {@code user_updated} hooks can tell what changed. */
    private void storeUsers() {
        ObjectNode users = Json.object();
        for (int page = 1; page <= MAX_USER_PAGES; page++) {
            JsonNode list = call("GET", "/admin/users/list/active.json?page=" + page, null, null, true);
            if (!list.isArray() || list.isEmpty()) {
                break;
            }
            for (JsonNode user : list) {
                String id = user.path("id").asText();
                JsonNode full = call("GET", "/admin/users/" + id + ".json", null, null, true);
                users.set(id, Json.object().put("username", full.path("username").asText(null))
                        .set("user_fields", full.path("user_fields")));
            }
            if (page == MAX_USER_PAGES) {
                Log.warnf("Discourse community %s: more than %d pages of active users, the rest is not stored",
                        community(), MAX_USER_PAGES);
            }
        }
        state().set("users", users);
    }

    @Action(slug = "create-post", description = "Create a post in a topic",
            inputSchema = "create-post.input.json", outputSchema = "created.output.json")
    public JsonNode createPost(JsonNode parameters) {
        ObjectNode body = Json.object().put("raw", parameters.path("raw").asText());
        body.set("topic_id", parameters.get("topic_id"));
        return created(call("POST", "/posts.json", body, null, true));
    }

    @Action(slug = "create-topic", description = "Create a topic",
            inputSchema = "create-topic.input.json", outputSchema = "created.output.json")
    public JsonNode createTopic(JsonNode parameters) {
        ObjectNode body = Json.object().put("raw", parameters.path("raw").asText())
                .put("title", parameters.path("title").asText());
        body.set("category", parameters.get("category"));
        return created(call("POST", "/posts.json", body, null, true));
    }

    @Action(slug = "create-message", description = "Send a private message (or a warning) to users",
            inputSchema = "create-message.input.json", outputSchema = "created.output.json")
    public JsonNode createMessage(JsonNode parameters) {
        ObjectNode body = Json.object().put("raw", parameters.path("raw").asText());
        if (parameters.hasNonNull("title")) {
            body.put("title", parameters.get("title").asText());
        }
        if (parameters.hasNonNull("is_warning")) {
            body.put("is_warning", parameters.get("is_warning").asBoolean());
        }
        if (parameters.hasNonNull("topic_id")) {
            body.set("topic_id", parameters.get("topic_id"));
        }
        StringBuilder recipients = new StringBuilder();
        parameters.path("target_recipients").forEach(r -> recipients.append(recipients.isEmpty() ? "" : ",")
                .append(r.asText()));
        body.put("target_recipients", recipients.toString());
        body.put("archetype", parameters.hasNonNull("topic_id") ? "regular" : "private_message");
        return created(call("POST", "/posts.json", body, null, true));
    }

    @Action(slug = "delete-post", description = "Delete a post", inputSchema = "id.input.json")
    public void deletePost(JsonNode parameters) {
        call("DELETE", "/posts/" + id(parameters), null, null, true);
    }

    @Action(slug = "delete-topic", description = "Delete a topic", inputSchema = "id.input.json")
    public void deleteTopic(JsonNode parameters) {
        call("DELETE", "/t/" + id(parameters) + ".json", null, null, true);
    }

    @Action(slug = "recover-post", description = "Recover a deleted post", inputSchema = "id.input.json")
    public void recoverPost(JsonNode parameters) {
        call("PUT", "/posts/" + id(parameters) + "/recover", null, null, true);
    }

    @Action(slug = "recover-topic", description = "Recover a deleted topic", inputSchema = "id.input.json")
    public void recoverTopic(JsonNode parameters) {
        call("PUT", "/t/" + id(parameters) + "/recover", null, null, true);
    }

    @Action(slug = "lock-post", description = "Lock or unlock a post", inputSchema = "lock-post.input.json")
    public JsonNode lockPost(JsonNode parameters) {
        boolean locked = parameters.path("locked").asBoolean();
        return call("PUT", "/posts/" + id(parameters) + "/locked", null,
                Map.of("locked", List.of(Boolean.toString(locked))), true);
    }

    /**
     * Discourse's hooks: the signature checked first (none configured, missing or wrong: refused), then the sending
     * instance, then {@code post_created}, {@code topic_created} and {@code user_updated} (as
     * {@code user_fields_changed}, only when the fields changed) become events; every other event is ignored.
     */
    @WebhookReceiver
    public void receive(WebhookRequest request) {
        Signatures.verifyDiscourse(request, config().path("webhook_secret").asText(""));
        String instance = request.header("X-Discourse-Instance");
        if (instance == null || !stripSlash(instance).equals(serverUrl())) {
            throw new WebhookVerificationException("Unexpected X-Discourse-Instance");
        }
        String event = request.header("X-Discourse-Event");
        if (event == null) {
            return;
        }
        JsonNode body = request.json();
        switch (event) {
            case "post_created" -> {
                JsonNode post = body.path("post");
                ObjectNode data = Json.object().put("raw", post.path("raw").asText());
                data.set("topic_id", post.path("topic_id"));
                data.set("id", post.path("id"));
                data.put("url", postUrl(post.path("topic_slug").asText(), post.path("topic_id").asText(),
                        post.path("post_number").asText()));
                sendEventToDriver("post_created", data, initiator(post.path("username")));
            }
            case "topic_created" -> {
                JsonNode topic = body.path("topic");
                ObjectNode data = Json.object().put("title", topic.path("title").asText());
                data.set("id", topic.path("id"));
                data.set("tags", topic.path("tags").isArray() ? topic.get("tags") : Json.MAPPER.createArrayNode());
                data.set("category", topic.path("category_id"));
                data.put("url", serverUrl() + "/t/" + topic.path("slug").asText() + "/" + topic.path("id").asText());
                sendEventToDriver("topic_created", data, initiator(topic.path("created_by").path("username")));
            }
            case "user_updated" -> userUpdated(body.path("user"));
            default -> {
                // other events (ping, post_edited, ...) are not sent on, as upstream
            }
        }
    }

    private void userUpdated(JsonNode user) {
        String id = user.path("id").asText();
        JsonNode stored = state().get("users");
        ObjectNode users = stored != null && stored.isObject() ? (ObjectNode) stored : Json.object();
        JsonNode known = users.get(id);
        JsonNode fields = user.path("user_fields");
        if (known != null && known.path("user_fields").equals(fields)) {
            return;
        }
        ObjectNode data = Json.object();
        data.set("id", user.path("id"));
        data.put("username", user.path("username").asText());
        data.set("user_fields", fields);
        data.set("old_user_fields", known == null ? null : known.path("user_fields"));
        users.set(id, Json.object().put("username", user.path("username").asText()).set("user_fields", fields));
        state().set("users", users);
        sendEventToDriver("user_fields_changed", data, initiator(user.path("username")));
    }

    private static Initiator initiator(JsonNode username) {
        return new Initiator(username.asText(null), "discourse");
    }

    /** {@code {url, topic_id, post_id}} of a created post, as upstream returns it. */
    JsonNode created(JsonNode post) {
        ObjectNode result = Json.object().put("url", postUrl(post.path("topic_slug").asText(),
                post.path("topic_id").asText(), post.path("post_number").asText()));
        result.set("topic_id", post.path("topic_id"));
        result.set("post_id", post.path("id"));
        return result;
    }

    String postUrl(String topicSlug, String topicId, String postNumber) {
        return serverUrl() + "/t/" + topicSlug + "/" + topicId + "/" + postNumber;
    }

    String serverUrl() {
        return stripSlash(config().path("server_url").asText());
    }

    /**
     * One call to Discourse: a JSON body, a form, or none; {@code authenticated} adds {@code Api-Key} (and
     * {@code Api-Username}). A non-2xx is a 502 with what Discourse said in {@code details}; an empty 2xx is null.
     */
    JsonNode call(String method, String path, JsonNode json, Map<String, List<String>> form, boolean authenticated) {
        PlatformResponse response = request(method, path, json, form, authenticated);
        response.requireSuccess();
        return response.body().length == 0 ? null : response.json();
    }

    private PlatformResponse request(String method, String path, JsonNode json, Map<String, List<String>> form,
            boolean authenticated) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (authenticated) {
            headers.put("Api-Key", config().path("api_key").asText());
            String username = config().path("api_username").asText("");
            if (!username.isEmpty()) {
                headers.put("Api-Username", username);
            }
        }
        headers.put("Accept", "application/json");
        String url = serverUrl() + path;
        PlatformResponse response;
        if (json != null) {
            response = http().send(method, url, "application/json",
                    json.toString().getBytes(StandardCharsets.UTF_8), headers);
        } else if (form != null) {
            response = http().sendForm(method, url, form, headers);
        } else if (method.equals("GET")) {
            response = http().get(url, headers);
        } else {
            response = http().send(method, url, null, null, headers);
        }
        return response;
    }

    private static String id(JsonNode parameters) {
        JsonNode id = parameters.get("id");
        if (id == null || id.isNull()) {
            throw PluginException.badRequest("An id is required");
        }
        return id.asText();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
