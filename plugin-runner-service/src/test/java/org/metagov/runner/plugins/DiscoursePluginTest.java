package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.runner.plugins.discourse.DiscoursePlugin;
import org.metagov.runner.plugins.discourse.DiscoursePoll;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookVerificationException;
import org.metagov.sdk.process.ProcessStatus;
import org.metagov.sdk.testkit.FakePlatform;
import org.metagov.sdk.testkit.FakePlatform.Reply;
import org.metagov.sdk.testkit.PluginHarness;
import org.metagov.sdk.testkit.TestProcess;

/** The discourse plugin against a fake Discourse answering with the samples of platforms/discourse.md. */
class DiscoursePluginTest {

    static final String KEY = "dk-5ecret-api-key";
    static final String SECRET = "hook-5ecret";
    static final String CREATED = "{\"id\":482,\"topic_id\":77,\"topic_slug\":\"welcome-to-metagov\",\"post_number\":3}";
    static final String POLL_POST = """
            {"id":1,"username":"metagov-bot","post_number":1,"topic_id":12,"topic_slug":"a-test-poll",
             "polls":[{"name":"poll","type":"regular","status":"%s","results":"always","public":true,
               "close":"2023-04-22T00:00:00.000Z","chart_type":"bar",
               "options":[{"id":"d8","html":"one","votes":10},{"id":"6e","html":"two","votes":15},
                          {"id":"b9","html":"three","votes":0},{"id":"c1","html":"four"}],
               "voters":50}]}""";
    static final String POST_HOOK = """
            {"post":{"id":482,"name":"Alice","username":"alice","post_number":3,"topic_id":77,
             "topic_slug":"welcome-to-metagov","raw":"Hello world","user_id":5}}""";

    FakePlatform discourse;
    final AtomicInteger userPages = new AtomicInteger();

    @BeforeEach
    void fake() {
        discourse = FakePlatform.start();
        discourse.respond("GET", "/about.json", 200, "{\"about\":{\"title\":\"Metagov forum\"}}");
        discourse.respond("GET", "/admin/users/list/active.json", request -> {
            if (!KEY.equals(first(request, "Api-Key"))) {
                return Reply.json(403, "{\"errors\":[\"You are not permitted to view the requested resource.\"],"
                        + "\"error_type\":\"invalid_access\"}");
            }
            userPages.incrementAndGet();
            return Reply.json(200, switch (request.query()) {
                case "page=1" -> "[{\"id\":1},{\"id\":2}]";
                case "page=2" -> "[{\"id\":3}]";
                default -> "[]";
            });
        });
        for (int id = 1; id <= 3; id++) {
            discourse.respond("GET", "/admin/users/" + id + ".json", 200, "{\"id\":" + id + ",\"username\":\"u" + id
                    + "\",\"user_fields\":{\"1\":\"Engineering\"}}");
        }
    }

    @AfterEach
    void stop() {
        discourse.close();
    }

    PluginHarness<DiscoursePlugin> plugin(String extra) {
        return PluginHarness.start(DiscoursePlugin.class, "{\"server_url\":\"" + discourse.url() + "\",\"api_key\":\""
                + KEY + "\",\"webhook_secret\":\"" + SECRET + "\"" + extra + "}");
    }

    @Test
    void validateConfigRefusesAKeyDiscourseRefusesWithoutSayingTheKey() {
        PluginHarness.of(DiscoursePlugin.class).config("{\"server_url\":\"" + discourse.url() + "\",\"api_key\":\""
                + KEY + "\",\"webhook_secret\":\"" + SECRET + "\"}").validateConfig();
        PluginException refused = assertThrows(PluginException.class, () -> PluginHarness.of(DiscoursePlugin.class)
                .config("{\"server_url\":\"" + discourse.url() + "\",\"api_key\":\"wrong-k3y\","
                        + "\"webhook_secret\":\"" + SECRET + "\"}").validateConfig());
        assertTrue(refused.isCallerFault());
        assertEquals("Discourse at " + discourse.url() + " refused the api_key (HTTP 403)", refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong-k3y"));
    }

    @Test
    void initializeReadsTheTitleAndEveryPageOfActiveUsers() {
        PluginHarness<DiscoursePlugin> forum = plugin("");
        assertEquals("Metagov forum", forum.state().get("title").asText());
        assertEquals(3, forum.state().get("users").size());
        assertEquals("u3", forum.state().get("users").path("3").path("username").asText());
        FakePlatform.Request about = discourse.requests().get(0);
        assertNull(about.headers().get("Api-key"), "about.json is read without the key, as upstream");
    }

    @Test
    void createActionsSendTheKeyAndReturnUrlTopicAndPost() {
        discourse.respond("POST", "/posts.json", 200, CREATED);
        PluginHarness<DiscoursePlugin> forum = plugin(",\"api_username\":\"metagov-bot\"");
        JsonNode post = forum.act("create-post", "{\"raw\":\"Hello world\",\"topic_id\":77}");
        assertEquals(discourse.url() + "/t/welcome-to-metagov/77/3", post.path("url").asText());
        assertEquals(482, post.path("post_id").asInt());
        assertEquals(77, post.path("topic_id").asInt());
        FakePlatform.Request sent = last("POST", "/posts.json");
        assertEquals(KEY, first(sent, "Api-Key"));
        assertEquals("metagov-bot", first(sent, "Api-Username"));
        assertTrue(sent.body().contains("\"topic_id\":77"));

        forum.act("create-topic", "{\"raw\":\"r\",\"title\":\"Budget proposal\",\"category\":8}");
        assertTrue(last("POST", "/posts.json").body().contains("\"category\":8"));

        forum.act("create-message", "{\"raw\":\"psst\",\"title\":\"Private\",\"target_recipients\":[\"alice\",\"bob\"]}");
        String message = last("POST", "/posts.json").body();
        assertTrue(message.contains("\"target_recipients\":\"alice,bob\""), message);
        assertTrue(message.contains("\"archetype\":\"private_message\""), message);
    }

    @Test
    void withoutApiUsernameOnlyTheKeyIsSent() {
        discourse.respond("DELETE", "/posts/482", 200, "application/json", new byte[0]);
        PluginHarness<DiscoursePlugin> forum = plugin("");
        forum.act("delete-post", "{\"id\":482}");
        FakePlatform.Request sent = last("DELETE", "/posts/482");
        assertEquals(KEY, first(sent, "Api-Key"));
        assertNull(first(sent, "Api-Username"));
    }

    @Test
    void deleteRecoverAndLockCallTheirRoutes() {
        discourse.respond("DELETE", "/t/77.json", 200, "{}");
        discourse.respond("PUT", "/posts/482/recover", 200, "{}");
        discourse.respond("PUT", "/t/77/recover", 200, "{}");
        discourse.respond("PUT", "/posts/482/locked", 200, "{\"locked\": true}");
        PluginHarness<DiscoursePlugin> forum = plugin("");
        forum.act("delete-topic", "{\"id\":77}");
        forum.act("recover-post", "{\"id\":482}");
        forum.act("recover-topic", "{\"id\":77}");
        assertTrue(forum.act("lock-post", "{\"id\":482,\"locked\":true}").path("locked").asBoolean());
        FakePlatform.Request lock = last("PUT", "/posts/482/locked");
        assertEquals("locked=true", lock.body());
        assertTrue(first(lock, "Content-Type").startsWith("application/x-www-form-urlencoded"));
        assertEquals(List.of("DELETE /t/77.json", "PUT /posts/482/recover", "PUT /t/77/recover"),
                discourse.requests().stream().map(r -> r.method() + " " + r.path())
                        .filter(r -> r.contains("/t/77") || r.contains("recover")).toList());
    }

    @Test
    void aRefusalIsA502WithDiscoursesErrorsInDetailsAndNoSecret() {
        discourse.respond("POST", "/posts.json", 422,
                "{\"action\":\"create_post\",\"errors\":[\"Title is too short (minimum is 15 characters)\"]}");
        PluginHarness<DiscoursePlugin> forum = plugin("");
        List<String> logged = captureLogs();
        PluginException refused = assertThrows(PluginException.class,
                () -> forum.act("create-topic", "{\"raw\":\"r\",\"title\":\"short\"}"));
        assertFalse(refused.isCallerFault() || refused.isTimeout(), "a platform refusal is a 502");
        assertTrue(refused.getMessage().contains("422"), refused.getMessage());
        assertEquals("Title is too short (minimum is 15 characters)",
                ((JsonNode) refused.details().get(0)).path("errors").path(0).asText());
        assertFalse(refused.getMessage().contains(KEY) || refused.details().toString().contains(KEY));
        assertFalse(String.join("\n", logged).contains(KEY));
    }

    @Test
    void aWrongKeyIsA403FromDiscourseAndA502Here() {
        PluginException refused = assertThrows(PluginException.class, () -> PluginHarness.start(DiscoursePlugin.class,
                "{\"server_url\":\"" + discourse.url() + "\",\"api_key\":\"wrong-key\"}"));
        assertTrue(refused.getMessage().contains("403"), refused.getMessage());
        assertEquals("invalid_access", ((JsonNode) refused.details().get(0)).path("error_type").asText());
        assertFalse(refused.getMessage().contains("wrong-key") || refused.details().toString().contains("wrong-key"));
    }

    @Test
    void aSlowDiscourseIsATimeout() {
        discourse.respond("POST", "/posts.json", request -> {
            Thread.sleep(5000);
            return Reply.json(200, CREATED);
        });
        PluginHarness<DiscoursePlugin> forum = PluginHarness.of(DiscoursePlugin.class)
                .config("{\"server_url\":\"" + discourse.url() + "\",\"api_key\":\"" + KEY + "\"}")
                .outboundTimeout(Duration.ofMillis(700)).start();
        PluginException slow = assertThrows(PluginException.class,
                () -> forum.act("create-post", "{\"raw\":\"x\",\"topic_id\":1}"));
        assertTrue(slow.isTimeout(), "answered 504");
        assertFalse(slow.getMessage().contains(KEY));
    }

    @Test
    void a429IsWaitedOutWithinTheBudget() {
        AtomicInteger calls = new AtomicInteger();
        discourse.respond("POST", "/posts.json", request -> calls.incrementAndGet() == 1
                ? new Reply(429, Map.of("Retry-After", "1", "Content-Type", "application/json"),
                        "{\"errors\":[\"slow down\"]}")
                : Reply.json(200, CREATED));
        PluginHarness<DiscoursePlugin> forum = plugin("");
        assertEquals(482, forum.act("create-post", "{\"raw\":\"x\",\"topic_id\":77}").path("post_id").asInt());
        assertEquals(2, calls.get());
    }

    @Test
    void a429LongerThanTheBudgetIsA502SayingSo() {
        AtomicInteger calls = new AtomicInteger();
        discourse.respond("POST", "/posts.json", request -> {
            calls.incrementAndGet();
            return new Reply(429, Map.of("Retry-After", "60", "Content-Type", "application/json"),
                    "{\"errors\":[\"You have performed this action too many times\"],\"error_type\":\"rate_limit\"}");
        });
        // the client caps a server's Retry-After at 5 s; with 2 s for the call, even that does not fit
        PluginHarness<DiscoursePlugin> forum = PluginHarness.of(DiscoursePlugin.class)
                .config("{\"server_url\":\"" + discourse.url() + "\",\"api_key\":\"" + KEY + "\"}")
                .outboundTimeout(Duration.ofSeconds(2)).start();
        PluginException limited = assertThrows(PluginException.class,
                () -> forum.act("create-post", "{\"raw\":\"x\",\"topic_id\":77}"));
        assertEquals(1, calls.get(), "a wait past the call's budget is not started");
        assertTrue(limited.getMessage().contains("429 (too many requests)"), limited.getMessage());
        assertEquals("rate_limit", ((JsonNode) limited.details().get(0)).path("error_type").asText());
    }

    @Test
    void aPollIsPostedWithUpstreamsMarkupReadOnTicksAndClosedOnDelete() {
        discourse.respond("POST", "/posts.json", 200,
                "{\"id\":1,\"topic_id\":12,\"topic_slug\":\"a-test-poll\",\"post_number\":1}");
        discourse.respond("GET", "/posts/1.json", 200, POLL_POST.formatted("open"));
        discourse.respond("PUT", "/polls/toggle_status", 200, "{\"poll\":" + pollOf(POLL_POST.formatted("closed")) + "}");
        PluginHarness<DiscoursePlugin> forum = plugin("");
        TestProcess<DiscoursePoll> poll = forum.startProcess(DiscoursePoll.class, """
                {"title":"a test poll","options":["one","two","three"],"closing_at":"2030-04-22",
                 "results":"always","public":true}""");
        assertEquals(ProcessStatus.PENDING, poll.status());
        JsonNode post = read(last("POST", "/posts.json").body());
        assertEquals("\n\n[poll type=regular close=2030-04-22 public=true results=always]\n# a test poll\n"
                + "* one\n* two\n* three\n[/poll]", post.path("raw").asText());
        assertEquals("a test poll", post.path("title").asText());
        assertEquals(java.time.Instant.parse("2030-04-22T00:00:00Z"), poll.nextUpdateAt(), "read at its closing time");

        poll.update();
        assertEquals(ProcessStatus.PENDING, poll.status());
        assertEquals(read("{\"one\":10,\"two\":15}"), poll.outcome().path("votes"),
                "options without votes are left out, as upstream");
        assertEquals(discourse.url() + "/t/a-test-poll/12/1", poll.outcome().path("url").asText());

        poll.close();
        assertEquals(ProcessStatus.COMPLETED, poll.status());
        assertEquals("post_id=1&poll_name=poll&status=closed", last("PUT", "/polls/toggle_status").body());
    }

    @Test
    void aPollClosedByDiscourseCompletesOnTheNextTick() {
        discourse.respond("POST", "/posts.json", 200,
                "{\"id\":1,\"topic_id\":12,\"topic_slug\":\"a-test-poll\",\"post_number\":1}");
        discourse.respond("GET", "/posts/1.json", 200, POLL_POST.formatted("closed"));
        TestProcess<DiscoursePoll> poll = plugin("").startProcess(DiscoursePoll.class,
                "{\"title\":\"a test poll\",\"options\":[\"one\",\"two\"]}");
        poll.update();
        assertEquals(ProcessStatus.COMPLETED, poll.status());
        assertEquals(25, poll.outcome().path("votes").path("one").asInt() + poll.outcome().path("votes").path("two").asInt());
    }

    @Test
    void aSignedHookFromTheServerBecomesUpstreamsEvent() throws Exception {
        PluginHarness<DiscoursePlugin> forum = plugin("");
        forum.webhook(POST_HOOK, headers("post_created", "sha256=" + hmac(SECRET, POST_HOOK)));
        assertEquals(1, forum.events().size());
        PluginHarness.SentEvent event = forum.events().get(0);
        assertEquals("post_created", event.eventType());
        assertEquals("discourse", event.source());
        assertEquals(read("{\"raw\":\"Hello world\",\"topic_id\":77,\"id\":482,\"url\":\"" + discourse.url()
                + "/t/welcome-to-metagov/77/3\"}"), event.data());
        assertEquals("alice", event.initiator().userId());
        assertEquals("discourse", event.initiator().provider());

        String topic = """
                {"topic":{"id":78,"title":"Budget proposal","slug":"budget-proposal","category_id":8,
                 "tags":["finance"],"created_by":{"id":5,"username":"alice"}}}""";
        forum.webhook(topic, headers("topic_created", "sha256=" + hmac(SECRET, topic)));
        assertEquals(read("{\"title\":\"Budget proposal\",\"id\":78,\"tags\":[\"finance\"],\"category\":8,\"url\":\""
                + discourse.url() + "/t/budget-proposal/78\"}"), forum.events().get(1).data());
    }

    @Test
    void userUpdatesAreSentOnlyWhenTheirFieldsChanged() throws Exception {
        PluginHarness<DiscoursePlugin> forum = plugin("");
        String same = "{\"user\":{\"id\":1,\"username\":\"u1\",\"user_fields\":{\"1\":\"Engineering\"}}}";
        forum.webhook(same, headers("user_updated", "sha256=" + hmac(SECRET, same)));
        assertTrue(forum.events().isEmpty());
        String changed = same.replace("Engineering", "Design");
        forum.webhook(changed, headers("user_updated", "sha256=" + hmac(SECRET, changed)));
        PluginHarness.SentEvent event = forum.events().get(0);
        assertEquals("user_fields_changed", event.eventType());
        assertEquals("Design", event.data().path("user_fields").path("1").asText());
        assertEquals("Engineering", event.data().path("old_user_fields").path("1").asText());
    }

    @Test
    void unsignedBadlySignedAndForeignHooksAreRefused() throws Exception {
        PluginHarness<DiscoursePlugin> forum = plugin("");
        assertThrows(WebhookVerificationException.class, () -> forum.webhook(POST_HOOK,
                "X-Discourse-Instance", discourse.url(), "X-Discourse-Event", "post_created"));
        assertThrows(WebhookVerificationException.class, () -> forum.webhook(POST_HOOK,
                headers("post_created", "sha256=" + hmac("another-secret", POST_HOOK))));
        assertThrows(WebhookVerificationException.class, () -> forum.webhook(POST_HOOK.replace("Hello", "Bye"),
                headers("post_created", "sha256=" + hmac(SECRET, POST_HOOK))));
        assertThrows(WebhookVerificationException.class, () -> forum.webhook(POST_HOOK,
                "X-Discourse-Instance", "https://other.example", "X-Discourse-Event", "post_created",
                "X-Discourse-Event-Signature", "sha256=" + hmac(SECRET, POST_HOOK)));
        PluginHarness<DiscoursePlugin> noSecret = PluginHarness.start(DiscoursePlugin.class,
                "{\"server_url\":\"" + discourse.url() + "\",\"api_key\":\"" + KEY + "\"}");
        assertThrows(WebhookVerificationException.class, () -> noSecret.webhook(POST_HOOK,
                headers("post_created", "sha256=" + hmac(SECRET, POST_HOOK))));
        assertTrue(forum.events().isEmpty() && noSecret.events().isEmpty());
    }

    String[] headers(String event, String signature) {
        return new String[] {"X-Discourse-Instance", discourse.url(), "X-Discourse-Event-Type", "post",
            "X-Discourse-Event", event, "X-Discourse-Event-Signature", signature};
    }

    FakePlatform.Request last(String method, String path) {
        List<FakePlatform.Request> all = discourse.requests().stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
        return all.get(all.size() - 1);
    }

    static String first(FakePlatform.Request request, String header) {
        for (Map.Entry<String, List<String>> entry : request.headers().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(header)) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }

    static String pollOf(String post) {
        return read(post).path("polls").path(0).toString();
    }

    static JsonNode read(String json) {
        try {
            return org.metagov.sdk.Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every log record from now on (JBoss logging reaches java.util.logging outside Quarkus). */
    static List<String> captureLogs() {
        List<String> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        Logger.getLogger("").addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters())
                        + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return records;
    }
}
