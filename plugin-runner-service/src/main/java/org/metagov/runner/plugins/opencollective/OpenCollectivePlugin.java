package org.metagov.runner.plugins.opencollective;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.Log;

import org.metagov.sdk.Action;
import org.metagov.sdk.Initiator;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookVerificationException;
import org.metagov.sdk.http.PlatformResponse;

/**
 * Metagov's opencollective plugin: one collective ({@code collective_slug}) through the GraphQL API v2 at
 * {@code OPENCOLLECTIVE_API_BASE_URL}, with {@code Authorization: Bearer <access_token>} ({@code api_key} is accepted
 * for the token). Open Collective does not sign its webhooks, so a hook is only trusted for what the API says when
 * asked again: the expense is re-fetched and the event carries the fetched one; an id the API does not know emits
 * nothing. {@code initialize} registers the webhook at {@code METAGOV_PUBLIC_URL/api/hooks/{community}/opencollective}
 * unless one is there already (upstream creates one on every initialize, at a URL with the segments swapped).
 */
@Plugin(name = "opencollective", description = "An Open Collective collective: members, conversations, expenses",
        configSchema = "config.schema.json",
        authType = Plugin.AuthType.API_KEY, platformIdKey = "collective_slug")
public class OpenCollectivePlugin extends PluginBase {

    static final String API_URL = "OPENCOLLECTIVE_API_BASE_URL";
    static final String WEB_URL = "OPENCOLLECTIVE_WEB_URL";
    static final String PUBLIC_URL = "METAGOV_PUBLIC_URL";
    /** Members are read this many a page; upstream reads only the first 10. */
    static final int MEMBERS_PAGE = 100;
    static final int MAX_MEMBER_PAGES = 50;

    @Override
    public void initialize() {
        loadCollective();
        registerWebhook();
    }

    private JsonNode loadCollective() {
        JsonNode collective = graphql(Queries.COLLECTIVE, Json.object().put("slug", slug())).path("collective");
        if (collective.isNull() || collective.isMissingNode()) {
            throw PluginException.failure("Open Collective has no collective '" + slug() + "'", null);
        }
        ArrayNode projects = Json.MAPPER.createArrayNode();
        for (JsonNode child : collective.path("childrenAccounts").path("nodes")) {
            if ("PROJECT".equals(child.path("type").asText())) {
                projects.add(child.path("legacyId").asLong());
            }
        }
        ObjectNode stored = Json.object().put("id", collective.path("id").asText())
                .put("legacy_id", collective.path("legacyId").asLong()).put("name", collective.path("name").asText());
        stored.set("project_ids", projects);
        state().set("collective", stored);
        return stored;
    }

    /** Our hook URL, registered once; upstream's swapped {@code /api/hooks/opencollective/{community}} counts too. */
    private void registerWebhook() {
        String base = setting(PUBLIC_URL).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).orElse(null);
        if (base == null) {
            Log.warnf("METAGOV_PUBLIC_URL is not set: no Open Collective webhook registered for community %s",
                    community());
            return;
        }
        String ours = base + "/api/hooks/" + community() + "/opencollective";
        String swapped = base + "/api/hooks/opencollective/" + community();
        JsonNode hooks = graphql(Queries.WEBHOOKS, Json.object().put("slug", slug()))
                .path("account").path("webhooks").path("nodes");
        for (JsonNode hook : hooks) {
            String url = hook.path("webhookUrl").asText();
            if (url.equals(ours) || url.equals(swapped)) {
                return;
            }
        }
        ObjectNode webhook = Json.object().put("activityType", "ACTIVITY_ALL").put("webhookUrl", ours);
        webhook.set("account", Json.object().put("slug", slug()));
        graphql(Queries.CREATE_WEBHOOK, Json.object().set("webhook", webhook));
    }

    @Action(slug = "list-members", description = "The collective's members' accounts",
            outputSchema = "list-members.output.json")
    public JsonNode listMembers() {
        ArrayNode accounts = Json.MAPPER.createArrayNode();
        for (int page = 0; page < MAX_MEMBER_PAGES; page++) {
            JsonNode members = graphql(Queries.MEMBERS, Json.object().put("slug", slug()).put("limit", MEMBERS_PAGE)
                    .put("offset", page * MEMBERS_PAGE)).path("collective").path("members");
            members.path("nodes").forEach(node -> accounts.add(node.path("account")));
            if (members.path("nodes").size() < MEMBERS_PAGE || accounts.size() >= members.path("totalCount").asInt()) {
                break;
            }
        }
        return Json.object().set("accounts", accounts);
    }

    @Action(slug = "create-conversation", description = "Start a conversation in the collective",
            inputSchema = "create-conversation.input.json")
    public JsonNode createConversation(JsonNode parameters) {
        List<String> tags = new ArrayList<>();
        JsonNode given = parameters.path("tags");
        if (given.isArray()) {
            given.forEach(t -> tags.add(t.asText()));
        } else if (given.isTextual()) {
            tags.add(given.asText());
        }
        return conversation(parameters.path("title").asText(), parameters.path("raw").asText(), tags);
    }

    ObjectNode conversation(String title, String html, List<String> tags) {
        ObjectNode variables = Json.object().put("title", title).put("html", html)
                .put("CollectiveId", collective().path("id").asText());
        variables.set("tags", Json.of(tags));
        ObjectNode conversation = (ObjectNode) graphql(Queries.CREATE_CONVERSATION, variables)
                .path("createConversation");
        conversation.put("url", webUrl() + "/" + slug() + "/conversations/" + conversation.path("slug").asText()
                + "-" + conversation.path("id").asText());
        return conversation;
    }

    @Action(slug = "create-comment", description = "Comment on a conversation or an expense",
            inputSchema = "create-comment.input.json")
    public JsonNode createComment(JsonNode parameters) {
        if (!parameters.hasNonNull("conversation_id") && !parameters.hasNonNull("expense_id")) {
            throw PluginException.badRequest("Either a conversation_id or an expense_id is required");
        }
        return comment(parameters.path("raw").asText(), parameters.path("conversation_id").asText(null),
                parameters.path("expense_id").asText(null));
    }

    JsonNode comment(String html, String conversationId, String expenseId) {
        ObjectNode comment = Json.object().put("html", html);
        if (conversationId != null) {
            comment.put("ConversationId", conversationId);
        }
        if (expenseId != null) {
            comment.set("expense", Json.object().put("id", expenseId));
        }
        return graphql(Queries.CREATE_COMMENT, Json.object().set("comment", comment)).path("createComment");
    }

    @Action(slug = "process-expense", description = "Approve, unapprove or reject an expense",
            inputSchema = "process-expense.input.json")
    public JsonNode processExpense(JsonNode parameters) {
        ObjectNode variables = Json.object().put("action", parameters.path("action").asText());
        variables.set("reference", Json.object().put("id", parameters.path("expense_id").asText()));
        return withUrl(graphql(Queries.PROCESS_EXPENSE, variables).path("processExpense"));
    }

    /**
     * Open Collective's activity hooks: only expense activities, for this collective or one of its projects (else
     * the collective is read again once, in case a project was added); the expense is fetched again and sent as
     * {@code expense_<what>} with the account that acted as initiator.
     */
    @WebhookReceiver
    public void receive(WebhookRequest request) {
        JsonNode body = request.json();
        long collectiveId = body.path("CollectiveId").asLong(-1);
        if (!belongs(collective(), collectiveId) && !belongs(loadCollective(), collectiveId)) {
            throw new WebhookVerificationException("Received a webhook for another collective");
        }
        String type = body.path("type").asText("");
        if (!type.startsWith("collective.expense.")) {
            return;
        }
        JsonNode legacyId = body.path("data").path("expense").path("id");
        if (!legacyId.canConvertToLong()) {
            return;
        }
        JsonNode expense = graphql(Queries.EXPENSE, Json.object().set("reference",
                Json.object().put("legacyId", legacyId.asLong()))).path("expense");
        if (expense.isNull() || expense.isMissingNode()) {
            Log.infof("Open Collective hook for an expense the API does not know (community %s): ignored",
                    community());
            return;
        }
        String what = type.substring("collective.expense.".length()).replace('.', '_');
        String initiator = null;
        if (what.equals("created")) {
            initiator = expense.path("createdByAccount").path("slug").asText(null);
        } else {
            for (JsonNode activity : expense.path("activities")) {
                if (activity.path("createdAt").asText().equals(body.path("createdAt").asText())) {
                    initiator = activity.path("individual").path("slug").asText(null);
                }
            }
            if (initiator == null) {
                Log.infof("Open Collective hook %s names an activity the expense does not have: ignored", type);
                return;
            }
        }
        sendEventToDriver("expense_" + what, withUrl(expense), new Initiator(initiator, "opencollective"));
    }

    private static boolean belongs(JsonNode collective, long id) {
        if (collective.path("legacy_id").asLong() == id) {
            return true;
        }
        for (JsonNode project : collective.path("project_ids")) {
            if (project.asLong() == id) {
                return true;
            }
        }
        return false;
    }

    /** The expense with upstream's {@code url}: under the project when the expense's account is one. */
    private JsonNode withUrl(JsonNode expense) {
        if (!expense.isObject()) {
            return expense;
        }
        String account = expense.path("account").path("slug").asText(slug());
        String path = account.equals(slug()) ? slug() : slug() + "/" + account;
        return ((ObjectNode) expense.deepCopy()).put("url", webUrl() + "/" + path + "/expenses/"
                + expense.path("legacyId").asText());
    }

    JsonNode collective() {
        JsonNode stored = state().get("collective");
        return stored != null && stored.hasNonNull("id") ? stored : loadCollective();
    }

    /**
     * One GraphQL call; a non-2xx or an {@code errors} answer is a 502 whose {@code details} carry Open Collective's
     * error messages.
     */
    JsonNode graphql(String document, JsonNode variables) {
        ObjectNode body = Json.object().put("query", document);
        body.set("variables", variables);
        PlatformResponse response = http().trusted().postJson(apiUrl(), body, Map.of(
                "Authorization", "Bearer " + token(), "Accept", "application/json"));
        JsonNode answer = response.requireSuccess().json();
        if (answer.path("errors").isArray() && !answer.path("errors").isEmpty()) {
            List<String> messages = new ArrayList<>();
            answer.path("errors").forEach(e -> messages.add(e.path("message").asText()));
            throw PluginException.platformFailure("Open Collective refused the " + operation(document) + ": "
                    + String.join(", ", messages), List.of(answer.path("errors")));
        }
        return answer.path("data");
    }

    private static String operation(String document) {
        String[] words = document.strip().split("[\\s(]+", 3);
        return words.length > 1 ? words[0] + " " + words[1] : "request";
    }

    private String token() {
        String token = config().path("access_token").asText("");
        return token.isEmpty() ? config().path("api_key").asText("") : token;
    }

    String slug() {
        return config().path("collective_slug").asText();
    }

    private String apiUrl() {
        return setting(API_URL).orElse("https://api.opencollective.com/graphql/v2");
    }

    String webUrl() {
        String url = setting(WEB_URL).orElse("https://opencollective.com");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
