package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.runner.plugins.loomio.LoomioPlugin;
import org.metagov.runner.plugins.loomio.LoomioPoll;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.process.ProcessStatus;
import org.metagov.sdk.testkit.FakePlatform;
import org.metagov.sdk.testkit.FakePlatform.Reply;
import org.metagov.sdk.testkit.PluginHarness;
import org.metagov.sdk.testkit.TestProcess;

/** The loomio plugin against a fake Loomio answering with the samples of platforms/loomio.md. */
class LoomioPluginTest {

    static final String MAIN_KEY = "loomio-main-5ecret";
    static final String SUB_KEY = "loomio-sub-5ecret";
    static final String MEMBERSHIPS = """
            {"memberships":[{"id":1,"group_id":710495,"user_id":879750,"admin":true}],
             "groups":[{"id":710495,"key":"%s","handle":"%s","name":"Metagovernance Project"}],
             "users":[{"id":879750,"name":"Alice","username":"alice"}],"meta":{"root":"memberships","total":1}}""";
    static final String POLL = """
            {"polls":[{"id":234203,"key":"m20ZprvH","title":"Expense 'test'","poll_type":"poll",
               "closing_at":"2031-10-01T00:00:00.000Z","closed_at":%s,
               "voters_count":2,"undecided_voters_count":1,"cast_stances_pct":50}],
             "poll_options":[
               {"id":940810,"poll_id":234203,"name":"disagree","priority":1,"total_score":0,"voter_scores":{}},
               {"id":940809,"poll_id":234203,"name":"agree","priority":0,"total_score":%d,"voter_scores":%s}],
             "stances":[],"meta":{"root":"polls","total":null}}""";

    FakePlatform loomio;
    final AtomicReference<String> poll = new AtomicReference<>(POLL.formatted("null", 0, "{}"));

    @BeforeEach
    void fake() {
        loomio = FakePlatform.start();
        loomio.respond("GET", "/api/b1/memberships", request -> {
            if (request.query().equals("api_key=" + MAIN_KEY)) {
                return Reply.json(200, MEMBERSHIPS.formatted("ZrSTqeyG", "metagov"));
            }
            if (request.query().equals("api_key=" + SUB_KEY)) {
                return Reply.json(200, MEMBERSHIPS.formatted("SubGrp01", "metagov-finance"));
            }
            return Reply.json(403, "{\"exception\":\"CanCan::AccessDenied\"}");
        });
        loomio.respond("POST", "/api/b1/polls", request -> Reply.json(200, poll.get()));
        loomio.respond("GET", "/api/b1/polls/m20ZprvH", request -> request.query().equals("api_key=" + MAIN_KEY)
                ? Reply.json(200, poll.get()) : Reply.json(403, "{\"exception\":\"CanCan::AccessDenied\"}"));
        loomio.respond("POST", "/api/b1/discussions", 200, "{\"discussions\":[{\"id\":9,\"key\":\"dKey\"}]}");
    }

    @AfterEach
    void stop() {
        loomio.close();
    }

    PluginHarness<LoomioPlugin> plugin() {
        return PluginHarness.of(LoomioPlugin.class).setting("LOOMIO_API_BASE_URL", loomio.url())
                .config("{\"api_key\":\"" + MAIN_KEY + "\",\"subgroup_api_keys\":[\"" + SUB_KEY + "\"]}").start();
    }

    @Test
    void validateConfigRefusesAKeyLoomioDoesNotKnowAndNamesWhichOne() {
        PluginHarness.of(LoomioPlugin.class).setting("LOOMIO_API_BASE_URL", loomio.url())
                .config("{\"api_key\":\"" + MAIN_KEY + "\",\"subgroup_api_keys\":[\"" + SUB_KEY + "\"]}")
                .validateConfig();
        PluginException wrongMain = assertThrows(PluginException.class, () -> PluginHarness.of(LoomioPlugin.class)
                .setting("LOOMIO_API_BASE_URL", loomio.url()).config("{\"api_key\":\"wrong-key\"}").validateConfig());
        assertTrue(wrongMain.isCallerFault());
        assertEquals("Loomio refused the api_key (HTTP 403)", wrongMain.getMessage());
        PluginException wrongSub = assertThrows(PluginException.class, () -> PluginHarness.of(LoomioPlugin.class)
                .setting("LOOMIO_API_BASE_URL", loomio.url())
                .config("{\"api_key\":\"" + MAIN_KEY + "\",\"subgroup_api_keys\":[\"nope\"]}").validateConfig());
        assertEquals("Loomio refused the subgroup_api_keys[0] (HTTP 403)", wrongSub.getMessage());
        assertFalse(wrongSub.getMessage().contains("nope"), "the key itself is never in the error");
    }

    @Test
    void validateConfigCannotDecideWhenLoomioFails() {
        loomio.respond("GET", "/api/b1/memberships", request -> Reply.json(500, "{\"error\":\"boom\"}"));
        PluginException failure = assertThrows(PluginException.class, () -> PluginHarness.of(LoomioPlugin.class)
                .setting("LOOMIO_API_BASE_URL", loomio.url()).config("{\"api_key\":\"k\"}").validateConfig());
        assertFalse(failure.isCallerFault(), "a platform failure is no verdict on the config");
    }

    @Test
    void initializeMapsEachKeyToItsGroupWithoutStoringKeys() {
        PluginHarness<LoomioPlugin> group = plugin();
        assertEquals("metagov", group.state().get("handle").asText());
        assertEquals("metagov", group.communityPlatformId(), "learnt from Loomio, as upstream");
        assertFalse(group.state().get("groups").toString().contains("5ecret"));
    }

    @Test
    void listMembersUsesTheMainKeyOrTheSubgroupsKey() {
        PluginHarness<LoomioPlugin> group = plugin();
        assertEquals("alice", group.act("list-members", "{}").path("users").path(0).path("username").asText());
        assertEquals("metagov-finance", group.act("list-members", "{\"subgroup\":\"metagov-finance\"}")
                .path("groups").path(0).path("handle").asText());
        assertEquals("api_key=" + SUB_KEY, loomio.requests().get(loomio.requests().size() - 1).query());
        PluginException unknown = assertThrows(PluginException.class,
                () -> group.act("list-members", "{\"subgroup\":\"nope\"}"));
        assertTrue(unknown.isCallerFault());
        assertEquals("No API key found for Loomio group nope", unknown.getMessage());
    }

    @Test
    void createDiscussionPostsAFormWithTheKey() {
        PluginHarness<LoomioPlugin> group = plugin();
        JsonNode created = group.act("create-discussion", "{\"title\":\"Budget\",\"description\":\"2022\","
                + "\"recipient_emails\":[\"a@x.org\",\"b@x.org\"],\"subgroup\":\"SubGrp01\"}");
        assertEquals(9, created.path("discussions").path(0).path("id").asInt());
        String form = last("POST", "/api/b1/discussions").body();
        assertEquals("title=Budget&description=2022&recipient_emails=a%40x.org&recipient_emails=b%40x.org&api_key="
                + SUB_KEY, form);
    }

    @Test
    void thePollOfTheExampleDriverStartsAsPollTypePoll() {
        PluginHarness<LoomioPlugin> group = plugin();
        TestProcess<LoomioPoll> started = group.startProcess(LoomioPoll.class, """
                {"title":"Lunch?","options":["agree","disagree"],"details":"pick one","closing_at":"2031-10-01"}""");
        assertEquals(ProcessStatus.PENDING, started.status());
        String form = last("POST", "/api/b1/polls").body();
        assertTrue(form.startsWith("poll_type=poll&title=Lunch%3F&options%5B%5D=agree&options%5B%5D=disagree"
                + "&details=pick+one&closing_at=2031-10-01&api_key=" + MAIN_KEY), form);
        assertEquals(loomio.url() + "/p/m20ZprvH", started.outcome().path("poll_url").asText());
        assertEquals(loomio.url() + "/p/m20ZprvH", started.url(), "the record's url");
        assertEquals(read("{\"disagree\":{\"count\":0,\"users\":[]},\"agree\":{\"count\":0,\"users\":[]}}"),
                started.outcome().path("votes"));
        assertEquals(java.time.Instant.parse("2031-10-01T00:00:00Z"), started.nextUpdateAt());
    }

    @Test
    void votesArriveByWebhookOfThisPollOnly() {
        PluginHarness<LoomioPlugin> group = plugin();
        TestProcess<LoomioPoll> started = group.startProcess(LoomioPoll.class,
                "{\"title\":\"Expense 'test'\",\"options\":[\"agree\",\"disagree\"],\"closing_at\":\"2031-10-01\"}");
        poll.set(POLL.formatted("null", 1, "{\"879750\":1}"));
        int before = loomio.requests().size();
        group.webhook(hook("stance_created", "https://elsewhere.example/p/m20ZprvH/expense-test"));
        group.webhook(hook("stance_created", loomio.url() + "/p/m20ZprvHx/other"));
        group.webhook(hook("poll_edited", loomio.url() + "/p/m20ZprvH/expense-test"));
        group.webhook("not json at all");
        assertEquals(before, loomio.requests().size(), "hooks of other polls, other kinds, are not read");
        assertEquals(0, started.outcome().path("votes").path("agree").path("count").asInt());

        group.webhook(hook("stance_created", loomio.url() + "/p/m20ZprvH/expense-test?change_vote=true"));
        assertEquals(read("{\"disagree\":{\"count\":0,\"users\":[]},\"agree\":{\"count\":1,\"users\":[\"879750\"]}}"),
                started.outcome().path("votes"));
        assertEquals(2, started.outcome().path("voters_count").asInt());
        assertEquals(50, started.outcome().path("cast_stances_pct").asInt());
        assertTrue(group.events().isEmpty(), "the plugin-level receiver emits no driver events, as upstream");

        poll.set(POLL.formatted("\"2021-09-28T18:50:14.603Z\"", 1, "{\"879750\":1}"));
        group.webhook(hook("poll_closed_by_user", loomio.url() + "/p/m20ZprvH/expense-test"));
        assertEquals(ProcessStatus.COMPLETED, started.status());
    }

    @Test
    void ticksReadThePollToo() {
        PluginHarness<LoomioPlugin> group = plugin();
        TestProcess<LoomioPoll> started = group.startProcess(LoomioPoll.class,
                "{\"title\":\"t\",\"options\":[\"agree\"],\"closing_at\":\"2031-10-01\"}");
        poll.set(POLL.formatted("\"2031-10-01T00:00:00.000Z\"", 1, "{\"879750\":1}"));
        started.update();
        assertEquals(ProcessStatus.COMPLETED, started.status());
        assertEquals(1, started.outcome().path("votes").path("agree").path("count").asInt());
    }

    @Test
    void deleteCompletesOurRecordAndSaysTheLoomioPollStaysOpen() {
        PluginHarness<LoomioPlugin> group = plugin();
        TestProcess<LoomioPoll> started = group.startProcess(LoomioPoll.class,
                "{\"title\":\"t\",\"options\":[\"agree\"],\"closing_at\":\"2031-10-01\"}");
        started.close();
        assertEquals(ProcessStatus.COMPLETED, started.status());
        assertTrue(started.errors().path("close").asText().contains("stays open until its closing time"));
    }

    @Test
    void aRefusedPollIsA502WithLoomiosErrorsAndNoKey() {
        poll.set("{\"errors\":{\"closing_at\":[\"can't be blank\"]}}");
        PluginHarness<LoomioPlugin> group = plugin();
        PluginException refused = assertThrows(PluginException.class, () -> group.startProcess(LoomioPoll.class,
                "{\"title\":\"t\",\"options\":[\"agree\"],\"closing_at\":\"soon\"}"));
        assertFalse(refused.isCallerFault());
        assertTrue(refused.details().toString().contains("can't be blank"));
        assertFalse((refused.getMessage() + refused.details()).contains("5ecret"));
    }

    @Test
    void anUnknownKeyIsA403AndA502HereWithoutTheKey() {
        List<String> logs = DiscoursePluginTest.captureLogs();
        PluginException refused = assertThrows(PluginException.class, () -> PluginHarness.of(LoomioPlugin.class)
                .setting("LOOMIO_API_BASE_URL", loomio.url()).config("{\"api_key\":\"wrong-5ecret\"}").start());
        assertTrue(refused.getMessage().contains("403"), refused.getMessage());
        assertFalse((refused.getMessage() + refused.details() + logs).contains("wrong-5ecret"));
    }

    String hook(String kind, String url) {
        return asJson(Map.of("kind", kind, "url", url, "text", "Alice voted", "title", "Expense 'test'"));
    }

    static JsonNode read(String json) {
        return DiscoursePluginTest.read(json);
    }

    static String asJson(Map<String, String> fields) {
        return org.metagov.sdk.Json.of(fields).toString();
    }

    FakePlatform.Request last(String method, String path) {
        List<FakePlatform.Request> all = loomio.requests().stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
        return all.get(all.size() - 1);
    }
}
