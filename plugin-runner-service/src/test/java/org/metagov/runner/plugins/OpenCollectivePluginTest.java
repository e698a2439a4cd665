package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.runner.plugins.opencollective.OpenCollectivePlugin;
import org.metagov.runner.plugins.opencollective.ReactionVote;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookVerificationException;
import org.metagov.sdk.process.ProcessStatus;
import org.metagov.sdk.testkit.FakePlatform;
import org.metagov.sdk.testkit.FakePlatform.Reply;
import org.metagov.sdk.testkit.PluginHarness;
import org.metagov.sdk.testkit.TestProcess;

/** The opencollective plugin against a fake GraphQL API answering with the samples of platforms/opencollective.md. */
class OpenCollectivePluginTest {

    static final String TOKEN = "oc-5ecret-token";
    static final Pattern OPERATION = Pattern.compile("(?:query|mutation)\\s+(\\w+)");
    static final String EXPENSE = """
            {"id":"8bpdz5ro-07xwaq0v-y7qxm9ye-n3kjlbgw","legacyId":51344,"description":"Server costs","amount":12000,
             "createdAt":"2021-09-28T18:40:00.000Z","currency":"USD","type":"RECEIPT","status":"%s",
             "account":{"id":"a1","legacyId":123,"slug":"metagov"},"payee":{"id":"u1","legacyId":9,"slug":"alice"},
             "createdByAccount":{"id":"u1","legacyId":9,"slug":"alice"},
             "requestedByAccount":{"id":"u1","legacyId":9,"slug":"alice"},
             "activities":[{"id":"act1","type":"COLLECTIVE_EXPENSE_CREATED","createdAt":"2021-09-28T18:40:00.000Z",
                            "data":{},"individual":{"id":"u1","slug":"alice"}},
                           {"id":"act2","type":"COLLECTIVE_EXPENSE_APPROVED","createdAt":"2021-09-28T18:45:12.345Z",
                            "data":{},"individual":{"id":"u2","slug":"bob"}}],
             "items":[],"tags":["hosting"]}""";
    static final String HOOK = """
            {"createdAt":"2021-09-28T18:45:12.345Z","id":1242999,"type":"collective.expense.approved","CollectiveId":%d,
             "data":{"expense":{"idV2":"8bpdz5ro","id":%d,"description":"Server costs","amount":12000,"currency":"USD"},
                     "fromCollective":{"id":9,"slug":"alice"},"collective":{"id":123,"slug":"metagov"}}}""";

    FakePlatform oc;
    /** What the fake answers per operation name; each test may replace an answer. */
    final Map<String, String> data = new ConcurrentHashMap<>();
    final Map<String, String> errors = new ConcurrentHashMap<>();

    @BeforeEach
    void fake() {
        oc = FakePlatform.start();
        data.put("Collective", "{\"collective\":{\"id\":\"xyz\",\"legacyId\":123,\"name\":\"Metagov\","
                + "\"childrenAccounts\":{\"nodes\":[{\"legacyId\":456,\"type\":\"PROJECT\"},{\"legacyId\":789,\"type\":\"EVENT\"}]}}}");
        data.put("Webhooks", "{\"account\":{\"webhooks\":{\"nodes\":[]}}}");
        data.put("CreateWebhook", "{\"createWebhook\":{\"id\":\"w1\"}}");
        data.put("Expense", "{\"expense\":" + EXPENSE.formatted("APPROVED") + "}");
        data.put("ProcessExpense", "{\"processExpense\":" + EXPENSE.formatted("APPROVED") + "}");
        data.put("CreateConversation", "{\"createConversation\":{\"id\":\"c1\",\"slug\":\"should-we\",\"title\":\"Should we?\","
                + "\"body\":{\"id\":\"b1\",\"reactions\":{}}}}");
        data.put("CreateComment", "{\"createComment\":{\"id\":\"cm1\",\"html\":\"hi\",\"reactions\":{}}}");
        data.put("Conversation", "{\"conversation\":{\"id\":\"c1\",\"body\":{\"id\":\"b1\",\"reactions\":{}}}}");
        data.put("EditConverstaion", "{\"editConversation\":{\"id\":\"c1\"}}");
        oc.respond("POST", "/graphql/v2", request -> {
            if (!("Bearer " + TOKEN).equals(DiscoursePluginTest.first(request, "Authorization"))) {
                return Reply.json(401, "{\"error\":{\"message\":\"Invalid token\"}}");
            }
            Matcher operation = OPERATION.matcher(DiscoursePluginTest.read(request.body()).path("query").asText());
            String name = operation.find() ? operation.group(1) : "";
            if (errors.containsKey(name)) {
                return Reply.json(200, "{\"errors\":[{\"message\":\"" + errors.get(name) + "\"}]}");
            }
            return Reply.json(200, "{\"data\":" + data.getOrDefault(name, "null") + "}");
        });
    }

    @AfterEach
    void stop() {
        oc.close();
    }

    PluginHarness<OpenCollectivePlugin> plugin(String tokenField) {
        return PluginHarness.of(OpenCollectivePlugin.class).community("my-community")
                .setting("OPENCOLLECTIVE_API_BASE_URL", oc.url() + "/graphql/v2")
                .setting("OPENCOLLECTIVE_WEB_URL", "https://opencollective.example")
                .setting("METAGOV_PUBLIC_URL", "https://metagov.example/")
                .config("{\"" + tokenField + "\":\"" + TOKEN + "\",\"collective_slug\":\"metagov\"}").start();
    }

    List<JsonNode> sent(String operation) {
        return oc.requests().stream().map(r -> DiscoursePluginTest.read(r.body()))
                .filter(b -> b.path("query").asText().contains(" " + operation + "(")
                        || b.path("query").asText().contains(" " + operation + " ")).toList();
    }

    @Test
    void initializeStoresTheCollectiveAndRegistersOurWebhookOnce() {
        PluginHarness<OpenCollectivePlugin> collective = plugin("access_token");
        assertEquals("xyz", collective.state().get("collective").path("id").asText());
        assertEquals("[456]", collective.state().get("collective").path("project_ids").toString());
        JsonNode webhook = sent("CreateWebhook").get(0).path("variables").path("webhook");
        assertEquals("https://metagov.example/api/hooks/my-community/opencollective", webhook.path("webhookUrl").asText());
        assertEquals("ACTIVITY_ALL", webhook.path("activityType").asText());
        assertEquals("metagov", webhook.path("account").path("slug").asText());

        data.put("Webhooks", "{\"account\":{\"webhooks\":{\"nodes\":[{\"id\":\"w1\",\"activityType\":\"ACTIVITY_ALL\","
                + "\"webhookUrl\":\"https://metagov.example/api/hooks/opencollective/my-community\"}]}}}");
        plugin("api_key"); // upstream's swapped URL is there already; api_key works as the token
        assertEquals(1, sent("CreateWebhook").size(), "registered only when none exists");
    }

    @Test
    void listMembersPagesThroughEveryMember() {
        PluginHarness<OpenCollectivePlugin> collective = plugin("access_token");
        oc.respond("POST", "/graphql/v2", request -> {
            JsonNode body = DiscoursePluginTest.read(request.body());
            if (!body.path("query").asText().contains("query Members")) {
                return Reply.json(200, "{\"data\":null}");
            }
            int offset = body.path("variables").path("offset").asInt();
            StringBuilder nodes = new StringBuilder();
            int count = offset == 0 ? 100 : 3;
            for (int i = 0; i < count; i++) {
                nodes.append(i == 0 ? "" : ",").append("{\"id\":\"m\",\"account\":{\"slug\":\"user").append(offset + i)
                        .append("\"}}");
            }
            return Reply.json(200, "{\"data\":{\"collective\":{\"members\":{\"totalCount\":103,\"nodes\":[" + nodes
                    + "]}}}}");
        });
        JsonNode accounts = collective.act("list-members", "{}").path("accounts");
        assertEquals(103, accounts.size());
        assertEquals("user102", accounts.get(102).path("slug").asText());
    }

    @Test
    void conversationsCommentsAndExpensesAreTheirMutations() {
        PluginHarness<OpenCollectivePlugin> collective = plugin("access_token");
        JsonNode conversation = collective.act("create-conversation",
                "{\"raw\":\"<p>hi</p>\",\"title\":\"Should we?\",\"tags\":[\"a\"]}");
        assertEquals("https://opencollective.example/metagov/conversations/should-we-c1", conversation.path("url").asText());
        JsonNode variables = sent("CreateConversation").get(0).path("variables");
        assertEquals("xyz", variables.path("CollectiveId").asText());
        assertEquals("<p>hi</p>", variables.path("html").asText());

        assertEquals("cm1", collective.act("create-comment", "{\"raw\":\"hi\",\"expense_id\":\"e1\"}").path("id").asText());
        assertEquals("e1", sent("CreateComment").get(0).path("variables").path("comment").path("expense").path("id").asText());
        assertTrue(assertThrows(PluginException.class, () -> collective.act("create-comment", "{\"raw\":\"hi\"}"))
                .isCallerFault());

        JsonNode expense = collective.act("process-expense", "{\"expense_id\":\"8bpdz5ro\",\"action\":\"APPROVE\"}");
        assertEquals("https://opencollective.example/metagov/expenses/51344", expense.path("url").asText());
        JsonNode processed = sent("ProcessExpense").get(0).path("variables");
        assertEquals("APPROVE", processed.path("action").asText());
        assertEquals("8bpdz5ro", processed.path("reference").path("id").asText());
    }

    @Test
    void graphqlErrorsAreA502WithTheirMessagesAndNoToken() {
        PluginHarness<OpenCollectivePlugin> collective = plugin("access_token");
        errors.put("ProcessExpense", "You don't have permission to approve this expense");
        List<String> logs = DiscoursePluginTest.captureLogs();
        PluginException refused = assertThrows(PluginException.class,
                () -> collective.act("process-expense", "{\"expense_id\":\"e1\",\"action\":\"APPROVE\"}"));
        assertFalse(refused.isCallerFault() || refused.isTimeout());
        assertTrue(refused.getMessage().contains("You don't have permission"), refused.getMessage());
        assertTrue(refused.details().toString().contains("You don't have permission"));
        assertFalse((refused.getMessage() + refused.details() + logs).contains(TOKEN));
    }

    @Test
    void aWrongTokenIsA502WithOpenCollectivesAnswer() {
        PluginException refused = assertThrows(PluginException.class, () -> PluginHarness.of(OpenCollectivePlugin.class)
                .setting("OPENCOLLECTIVE_API_BASE_URL", oc.url() + "/graphql/v2")
                .config("{\"access_token\":\"wrong-5ecret\",\"collective_slug\":\"metagov\"}").start());
        assertTrue(refused.getMessage().contains("401"));
        assertTrue(refused.details().toString().contains("Invalid token"));
        assertFalse((refused.getMessage() + refused.details()).contains("wrong-5ecret"));
    }

    @Test
    void anExpenseHookIsVerifiedByFetchingTheExpense() {
        PluginHarness<OpenCollectivePlugin> collective = plugin("access_token");
        collective.webhook(HOOK.formatted(123, 51344));
        PluginHarness.SentEvent event = collective.events().get(0);
        assertEquals("expense_approved", event.eventType());
        assertEquals("opencollective", event.source());
        assertEquals("bob", event.initiator().userId(), "the activity with the hook's createdAt");
        assertEquals("opencollective", event.initiator().provider());
        assertEquals("APPROVED", event.data().path("status").asText(), "the fetched expense, not the hook's body");
        assertEquals("https://opencollective.example/metagov/expenses/51344", event.data().path("url").asText());
        assertEquals(51344, sent("Expense").get(0).path("variables").path("reference").path("legacyId").asInt());

        collective.webhook(HOOK.formatted(456, 51344).replace("approved", "created")); // a project's expense
        assertEquals("expense_created", collective.events().get(1).eventType());
        assertEquals("alice", collective.events().get(1).initiator().userId());
    }

    @Test
    void hooksTheApiDoesNotConfirmEmitNothing() {
        PluginHarness<OpenCollectivePlugin> collective = plugin("access_token");
        List<String> logs = DiscoursePluginTest.captureLogs();
        data.put("Expense", "{\"expense\":null}");
        collective.webhook(HOOK.formatted(123, 99999));                               // unknown expense
        data.put("Expense", "{\"expense\":" + EXPENSE.formatted("APPROVED") + "}");
        collective.webhook(HOOK.formatted(123, 51344).replace("18:45:12.345Z", "18:45:12.000Z")); // no such activity
        collective.webhook(HOOK.formatted(123, 51344).replace("collective.expense.approved", "collective.member.created"));
        int collectiveReads = sent("Collective").size();
        assertThrows(WebhookVerificationException.class, () -> collective.webhook(HOOK.formatted(555, 51344)));
        assertEquals(collectiveReads + 1, sent("Collective").size(), "the collective is read again once");
        assertTrue(collective.events().isEmpty());
        // the log capture the no-secret checks rely on does see the plugin's log lines, without the token
        assertTrue(String.join("\n", logs).contains("an expense the API does not know"), String.valueOf(logs));
        assertFalse(String.join("\n", logs).contains(TOKEN));
    }

    @Test
    void theVoteCountsReactionsAndClosesTheConversation() {
        PluginHarness<OpenCollectivePlugin> collective = plugin("access_token");
        TestProcess<ReactionVote> vote = collective.startProcess(ReactionVote.class,
                "{\"title\":\"Should we?\",\"details\":\"<p>Vote with reactions</p>\"}");
        assertEquals(ProcessStatus.PENDING, vote.status());
        assertEquals("[\"metagov-vote\"]", sent("CreateConversation").get(0).path("variables").path("tags").toString());
        assertEquals(DiscoursePluginTest.read("{\"yes\":0,\"no\":0}"), vote.outcome().path("votes"));

        data.put("Conversation", "{\"conversation\":{\"id\":\"c1\",\"body\":{\"id\":\"b1\",\"reactions\":"
                + "{\"\uD83D\uDC4D\uFE0F\":3,\"\uD83D\uDC4D\":7,\"\uD83D\uDC4E\":1,\"\uD83C\uDF89\":2}}}}");
        vote.update();
        assertEquals(DiscoursePluginTest.read("{\"yes\":3,\"no\":1}"), vote.outcome().path("votes"),
                "only thumbs-up with U+FE0F counts, as Open Collective keys it");

        vote.close();
        assertEquals(ProcessStatus.COMPLETED, vote.status());
        assertEquals("[CLOSED] Should we?", sent("EditConverstaion").get(0).path("variables").path("title").asText());
        JsonNode comment = sent("CreateComment").get(0).path("variables").path("comment");
        assertEquals("Voting period is closed. Final count is 3 for and 1 against.", comment.path("html").asText());
        assertEquals("c1", comment.path("ConversationId").asText());
    }
}
