package org.metagov.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metagov.e2e.PolicyKitHttp.community;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.metagov.e2e.PolicyKitHttp.Answer;

/**
 * PolicyKit's calls (its Metagov HTTP client of November 2021; the contract document's section 6.3, steps numbered
 * as there), replayed over the wire as {@link PolicyKitHttp} sends them, plus the PUT with plugins of PolicyKit's
 * integration tests and seed 003's hooks listing. Every field PolicyKit reads is checked; the rest of upstream's
 * shapes only where the compatibility issue decided them.
 */
class PolicyKitIT {

    static final long MAX_ID = (1L << 53) - 1;
    static final AtomicLong PROPOSALS = new AtomicLong(100);
    static PolicyKitHttp metagov;

    @BeforeAll
    static void stack() {
        Stack.start();
        metagov = new PolicyKitHttp(Stack.GATEWAY); // METAGOV_URL, no trailing slash
    }

    /** Step 1, then step 7, the integration tests' PUT with plugins, the hooks listing and step 19. */
    @Test
    void anEmptyCommunityIsCreatedUpdatedWithPluginsListedAndDeleted() {
        String slug = createEmptyCommunity();
        JsonNode settings = ok(metagov.get("/api/internal/community/" + slug)); // step 7
        assertEquals(slug, settings.path("slug").asText(), settings::toString);
        assertEquals(0, settings.path("plugins").size(), settings::toString);

        JsonNode updated = putPlugins(slug, "PolicyKit test community",
                "{\"name\": \"randomness\", \"config\": {\"default_low\": 2, \"default_high\": 3}}");
        assertEquals(slug, updated.path("slug").asText(), updated::toString);
        assertEquals("PolicyKit test community", updated.path("readable_name").asText(), updated::toString);
        JsonNode randomness = onlyPlugin(updated, "randomness");
        assertPluginObject(randomness, "randomness", slug);
        assertEquals(2, randomness.path("config").path("default_low").asInt(), randomness::toString);
        assertTrue(randomness.path("community_platform_id").isNull(),
                "randomness declares no platform id: null, never \"None\": " + randomness);
        // the runner applied the config: low 2, high 3 can only give 2
        assertEquals(2, awaitAction(slug, "randomness.random-int", "{\"parameters\": {}}").path("value").asInt());

        // step 7: the settings page iterates plugins[].config and links plugins[].id
        JsonNode read = onlyPlugin(ok(metagov.get("/api/internal/community/" + slug)), "randomness");
        assertPluginObject(read, "randomness", slug);
        assertEquals(randomness.path("id"), read.path("id"));
        assertTrue(read.path("config").isObject(), read::toString);
        // the same PUT again changes nothing, so the plugin keeps its id (upstream re-creates only on a change)
        assertEquals(randomness.path("id"), onlyPlugin(putPlugins(slug, "PolicyKit test community",
                "{\"name\": \"randomness\", \"config\": {\"default_low\": 2, \"default_high\": 3}}"), "randomness")
                .path("id"));

        // seed 003 (and PolicyKit until 2021-07): hooks[], relative, prefixed with METAGOV_URL by the driver
        JsonNode hooks = ok(metagov.get("/api/internal/community/" + slug + "/hooks"));
        assertTrue(texts(hooks.path("hooks")).contains("/api/hooks/" + slug + "/randomness"), hooks::toString);

        // a deliberate difference: a body slug that differs from the path is a 400, not a rename
        Answer renamed = metagov.putJson("/api/internal/community/" + slug,
                "{\"slug\": \"" + slug + "-renamed\", \"readable_name\": \"x\", \"plugins\": []}");
        assertEquals(400, renamed.status(), renamed::toString);
        assertEquals("bad_request", renamed.json().path("error").asText(), renamed::toString);

        // step 19, and again: PolicyKit tolerates the 404
        Answer deleted = metagov.delete("/api/internal/community/" + slug);
        assertEquals(204, deleted.status(), deleted::toString);
        Answer again = metagov.delete("/api/internal/community/" + slug);
        assertEquals(404, again.status(), again::toString);
        assertEquals("not_found", again.json().path("error").asText(), again::toString);
    }

    /** Steps 8, 10, 7 and 11: an API-key plugin enabled from its form, found by its integer id, disabled. */
    @Test
    void anApiKeyPluginIsEnabledFromItsFormAndDisabledByItsIntegerId() {
        String slug = createEmptyCommunity();
        // step 8: auth_type decides the flow; schemas.config.properties becomes the form
        JsonNode metadata = ok(metagov.get("/api/internal/plugin/tutorial/metadata"));
        assertTrue(metadata.path("auth_type").isTextual(), metadata::toString);
        assertNotEquals("oauth", metadata.path("auth_type").asText(), "tutorial takes an API key: " + metadata);
        JsonNode form = metadata.path("schemas").path("config").path("properties");
        assertTrue(form.has("api_key") && form.has("foo"), "the form's fields: " + metadata);

        // step 10: the bare config object from the form
        Answer enabled = metagov.postJson("/api/internal/plugin/tutorial", "{\"api_key\": \"pk-loomio-key\"}",
                community(slug));
        assertEquals(201, enabled.status(), enabled::toString);
        JsonNode plugin = enabled.json();
        assertPluginObject(plugin, "tutorial", slug);
        // Loomio's and Open Collective's way: the platform id is read back from config and stored by PolicyKit
        assertEquals("pk-loomio-key", plugin.path("config").path("api_key").asText(), "config.api_key: " + plugin);
        assertEquals("bar", plugin.path("config").path("foo").asText(), "defaults filled in: " + plugin);
        long id = plugin.path("id").asLong();
        assertEquals(42, awaitAction(slug, "tutorial.times-two", "{\"parameters\": {\"value\": 21}}")
                .path("result").asLong());

        // step 11: the delete link carries the id; PolicyKit parses it as an int and compares it with plugins[].id
        long fromQueryString = Long.parseLong(String.valueOf(id)); // Python's int(): any size
        JsonNode listed = ok(metagov.get("/api/internal/community/" + slug)).path("plugins");
        JsonNode match = null;
        for (JsonNode p : listed) {
            if (p.path("name").asText().equals("tutorial") && p.path("id").isIntegralNumber()
                    && p.path("id").asLong() == fromQueryString) {
                match = p;
            }
        }
        assertTrue(match != null, "plugins[] holds tutorial with id " + id + " as a JSON number: " + listed);
        assertFalse(match.path("config").has("api_key"), "a stored secret is not read back: " + match);
        Answer disabled = metagov.delete("/api/internal/plugin/tutorial/" + id); // without the community header
        assertEquals(204, disabled.status(), disabled::toString);
        assertEquals(0, ok(metagov.get("/api/internal/community/" + slug)).path("plugins").size());
        await().atMost(Duration.ofSeconds(30)).until(() -> metagov.postJson("/api/internal/action/tutorial.times-two",
                "{\"parameters\": {\"value\": 1}}", community(slug)).status() == 400);
        Answer twice = metagov.delete("/api/internal/plugin/tutorial/" + id);
        assertEquals(404, twice.status(), twice::toString); // tolerated by PolicyKit
    }

    /** The defined plugin-schemas call and step 8's metadata, for every plugin of this repository. */
    @Test
    void schemasAndMetadataDescribeEveryPluginInUpstreamsShapes() {
        JsonNode schemas = ok(metagov.get("/api/internal/plugin-schemas"));
        for (String name : List.of("tutorial", "randomness", "vote", "sourcecred", "github")) {
            assertTrue(schemas.path(name).isObject(), name + "'s config schema, or {}: " + schemas);
            JsonNode metadata = ok(metagov.get("/api/internal/plugin/" + name + "/metadata"));
            assertEquals(name, metadata.path("name").asText(), metadata::toString);
            assertTrue(metadata.path("auth_type").isTextual(), metadata::toString);
            assertTrue(metadata.path("uses_webhook").isBoolean(), metadata::toString);
            JsonNode parts = metadata.path("schemas");
            assertEquals(schemas.path(name), parts.path("config"), "schemas.config as in plugin-schemas");
            for (String kind : List.of("actions", "processes")) {
                for (JsonNode entry : parts.path(kind)) {
                    assertTrue(entry.path("id").asText().startsWith(name + "."), kind + " ids: " + metadata);
                    assertTrue(entry.has("parameters_schema") && entry.has("response_schema"), metadata::toString);
                }
            }
            assertTrue(parts.path("actions").isArray() && parts.path("processes").isArray()
                    && parts.path("events").isArray(), metadata::toString);
        }
        assertTrue(schemas.path("tutorial").path("properties").has("api_key"), schemas::toString);
        assertEquals("oauth", ok(metagov.get("/api/internal/plugin/github/metadata")).path("auth_type").asText(),
                "step 9: GitHub installs through OAuth");
        JsonNode tutorial = ok(metagov.get("/api/internal/plugin/tutorial/metadata"));
        assertTrue(tutorial.path("uses_webhook").asBoolean(), tutorial::toString);
        assertTrue(texts(tutorial.path("schemas").path("actions"), "id").contains("tutorial.times-two"),
                tutorial::toString);
        assertFalse(ok(metagov.get("/api/internal/plugin/randomness/metadata")).path("uses_webhook").asBoolean());
    }

    /** Step 9's call without body or Content-Type (github.get-installation; here an action of ours) and step 16. */
    @Test
    void actionsArePerformedWithAndWithoutABody() {
        String slug = createEmptyCommunity();
        putPlugins(slug, "actions", "{\"name\": \"randomness\", \"config\": {}}");
        awaitAction(slug, "randomness.random-int", "{\"parameters\": {\"low\": 7, \"high\": 8}}");

        Answer bare = metagov.postEmpty("/api/internal/action/randomness.get-lucky-number", community(slug));
        assertEquals(200, bare.status(), bare::toString);
        assertEquals(4, bare.json().path("lucky_number").asInt(), bare::toString);
        // metagov.perform_action calls .json() unconditionally
        Answer set = metagov.postJson("/api/internal/action/randomness.set-lucky-number",
                "{\"parameters\": {\"lucky_number\": 13}}", community(slug));
        assertEquals(13, set.json().path("lucky_number").asInt(), set::toString);
        Answer value = metagov.postJson("/api/internal/action/randomness.random-int",
                "{\"parameters\": {\"low\": 7, \"high\": 8}}", community(slug));
        assertEquals(7, value.json().path("value").asInt(), value::toString);
    }

    /** Steps 12 to 16: start with a callback_url, read the Location, vote, get called back, close. */
    @Test
    void aProcessIsStartedReadCalledBackAndClosedThroughItsLocation() {
        String slug = createEmptyCommunity();
        putPlugins(slug, "processes", "{\"name\": \"vote\", \"config\": {}}");
        await().atMost(Duration.ofSeconds(40)).until(() -> metagov.postJson("/api/internal/action/vote.cast",
                "{\"parameters\": {\"process_id\": \"none\", \"voter\": \"U1\", \"choices\": [\"yes\"]}}",
                community(slug)).text().contains("There is no vote.poll process"));

        long proposal = PROPOSALS.incrementAndGet();
        String callbackUrl = DriverReceiver.policyKitOutcomeUrl(proposal);
        Answer started = metagov.postJson("/api/internal/process/vote.poll", "{\"title\": \"Adopt the policy?\", "
                + "\"options\": [\"yes\", \"no\"], \"eligible_voters\": [\"U1\", \"U2\"], \"callback_url\": \""
                + callbackUrl + "\"}", community(slug));
        assertTrue(started.ok(), started::toString);
        String location = started.header("Location").orElseThrow(() -> new AssertionError("no Location: " + started));
        assertTrue(location.startsWith("/api/internal/process/vote.poll/"), "a path, stored as METAGOV_URL + it: "
                + location);

        // step 13, without the header
        JsonNode record = ok(metagov.get(location));
        String id = record.path("id").asText();
        assertEquals(location.substring(location.lastIndexOf('/') + 1), id, record::toString);
        assertEquals("vote.poll", record.path("name").asText(), record::toString);
        assertEquals(slug, record.path("community").asText(), record::toString);
        assertEquals("pending", record.path("status").asText(), record::toString);
        assertTrue(record.path("errors").isObject() && record.path("errors").isEmpty(), "errors falsy: " + record);
        assertTrue(record.path("outcome").isObject(), record::toString);
        assertTrue(record.has("url") && (record.path("url").isNull() || record.path("url").isTextual()),
                "upstream's record has url: " + record);

        // step 16: a vote, as a policy would perform it
        Answer cast = metagov.postJson("/api/internal/action/vote.cast", "{\"parameters\": {\"process_id\": \"" + id
                + "\", \"voter\": \"U1\", \"choices\": [\"yes\"]}}", community(slug));
        assertEquals(List.of("U1"), texts(cast.json().path("votes").path("yes").path("users")), cast::toString);

        // step 14: name (required), community and outcome.votes.<option>.users[], at PolicyKit's outcome URL
        JsonNode pushed = await().atMost(Duration.ofSeconds(30)).until(() -> callback(proposal, "pending"),
                b -> b != null && texts(b.path("outcome").path("votes").path("yes").path("users")).contains("U1"));
        assertEquals("vote.poll", pushed.path("name").asText(), pushed::toString);
        assertEquals(slug, pushed.path("community").asText(), pushed::toString);

        // step 15, without the header: the record, completed
        Answer closed = metagov.delete(location);
        assertEquals(200, closed.status(), closed::toString);
        assertEquals("completed", closed.json().path("status").asText(), closed::toString);
        assertEquals(List.of("U1"), texts(closed.json().path("outcome").path("votes").path("yes").path("users")));
        JsonNode done = await().atMost(Duration.ofSeconds(30)).until(() -> callback(proposal, "completed"),
                b -> b != null);
        assertEquals("vote.poll", done.path("name").asText(), done::toString);
        assertEquals(slug, done.path("community").asText(), done::toString);
        assertEquals(List.of("U1"), texts(done.path("outcome").path("votes").path("yes").path("users")));
        assertEquals(0, done.path("outcome").path("votes").path("no").path("users").size(), done::toString);
        assertEquals("completed", ok(metagov.get(location)).path("status").asText());
    }

    /** Step 18 (find_linked_username), after the platform linked the accounts. */
    @Test
    void aUserIsLookedUpWithGetUsersAfterTheirAccountWasLinked() {
        String slug = createEmptyCommunity();
        Answer created = metagov.postJson("/api/internal/identity/create_id",
                "{\"community_slug\": \"" + slug + "\", \"count\": 2}", Map.of());
        assertEquals(201, created.status(), created::toString);
        long alice = created.json().get(0).asLong();
        long bob = created.json().get(1).asLong();
        for (var link : Map.of(alice, "alice", bob, "bob").entrySet()) {
            Answer linked = metagov.postJson("/api/internal/identity/link_account", "{\"external_id\": "
                    + link.getKey() + ", \"community_slug\": \"" + slug + "\", \"platform_type\": \"slack\", "
                    + "\"platform_identifier\": \"" + link.getValue() + "\", \"community_platform_id\": \"T0PK\", "
                    + "\"link_type\": \"oauth\", \"link_quality\": \"confirmed (strong)\"}", Map.of());
            assertEquals(200, linked.status(), linked::toString);
        }

        Answer found = metagov.get("/api/internal/identity/get_users?community=" + slug
                + "&platform_type=slack&community_platform_id=T0PK&platform_identifier=alice");
        assertEquals(200, found.status(), found::toString);
        JsonNode users = found.json();
        assertEquals(1, users.size(), "PolicyKit raises on more than one user: " + users);
        assertEquals(alice, users.get(0).path("source_ID").asLong(), users::toString);
        JsonNode accounts = users.get(0).path("linked_accounts");
        assertEquals(List.of("slack"), texts(accounts, "platform_type"), users::toString);
        assertEquals(List.of("alice"), texts(accounts, "platform_identifier"), users::toString);
    }

    /** Step 17: a platform event from a hook of seed 003's listing, as PolicyKit's receiver parses it. */
    @Test
    void aPlatformEventReachesTheDriverWithWhatPolicyKitReads() {
        String slug = createEmptyCommunity();
        putPlugins(slug, "events", "{\"name\": \"tutorial\", \"config\": {\"api_key\": \"k\"}}");
        JsonNode hooks = ok(metagov.get("/api/internal/community/" + slug + "/hooks")).path("hooks");
        String hook = "/api/hooks/" + slug + "/tutorial";
        assertTrue(texts(hooks).contains(hook), hooks::toString);

        // the platform posts to METAGOV_URL + the listed path until the runner has applied the community
        JsonNode event = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            metagov.postJson(hook, "{\"account\": \"U7\", \"data\": {\"text\": \"a new post\"}}", Map.of());
            return DriverReceiver.EVENTS.stream().map(DriverReceiver.Received::body)
                    .filter(b -> slug.equals(b.path("community").asText())).findFirst().orElse(null);
        }, e -> e != null);
        assertEquals("tutorial", event.path("source").asText(), event::toString);
        assertEquals("post_created", event.path("event_type").asText(), event::toString);
        assertEquals("a new post", event.path("data").path("text").asText(), event::toString);
        assertEquals("U7", event.path("initiator").path("user_id").asText(), event::toString);
        assertTrue(event.path("initiator").path("provider").isTextual(), event::toString);
    }

    // --- PolicyKit's calls ----------------------------------------------------------------------------------------

    /** Step 1: a PolicyKit Community saved without a slug; the answer's {@code slug} becomes its Metagov slug. */
    static String createEmptyCommunity() {
        Answer created = metagov.postJson("/api/internal/community", "{\"readable_name\": \"\", \"plugins\": []}",
                Map.of());
        assertEquals(201, created.status(), created::toString);
        JsonNode body = created.json();
        String slug = body.path("slug").asText(null);
        assertTrue(slug != null && slug.matches("[-a-zA-Z0-9_]{1,36}"), "PolicyKit reads `slug`: " + body);
        assertEquals(slug, body.path("name").asText(), "name equals slug: " + body);
        assertEquals("", body.path("readable_name").asText(), body::toString);
        assertEquals(0, body.path("plugins").size(), body::toString);
        return slug;
    }

    /** PolicyKit's {@code update_metagov_community}: the same slug in the body, the complete set of plugins. */
    static JsonNode putPlugins(String slug, String readableName, String... plugins) {
        Answer updated = metagov.putJson("/api/internal/community/" + slug, "{\"slug\": \"" + slug
                + "\", \"readable_name\": \"" + readableName + "\", \"plugins\": [" + String.join(", ", plugins) + "]}");
        assertEquals(200, updated.status(), updated::toString);
        return updated.json();
    }

    /** Step 16, retried until the runner has applied the community's plugins. */
    static JsonNode awaitAction(String slug, String action, String body) {
        return await().atMost(Duration.ofSeconds(40)).until(
                () -> metagov.postJson("/api/internal/action/" + action, body, community(slug)), Answer::ok).json();
    }

    static JsonNode ok(Answer answer) {
        assertEquals(200, answer.status(), answer::toString);
        return answer.json();
    }

    /** Upstream's plugin object; {@code id} a JSON integer (PolicyKit compares it with an int). */
    static void assertPluginObject(JsonNode plugin, String name, String slug) {
        JsonNode id = plugin.path("id");
        assertTrue(id.isIntegralNumber() && id.asLong() > 0 && id.asLong() <= MAX_ID, "integer id: " + plugin);
        assertEquals(name, plugin.path("name").asText(), plugin::toString);
        assertTrue(plugin.path("config").isObject(), plugin::toString);
        assertEquals(slug, plugin.path("community").asText(), plugin::toString);
        assertTrue(plugin.path("auth_type").isTextual(), plugin::toString);
        assertTrue(plugin.has("community_platform_id"), plugin::toString);
    }

    static JsonNode onlyPlugin(JsonNode community, String name) {
        JsonNode plugins = community.path("plugins");
        assertEquals(1, plugins.size(), community::toString);
        assertEquals(name, plugins.get(0).path("name").asText(), community::toString);
        return plugins.get(0);
    }

    /** The last callback PolicyKit's outcome URL of this proposal got with this status. */
    static JsonNode callback(long proposal, String status) {
        String path = "/metagov/internal/outcome/" + proposal;
        return DriverReceiver.CALLBACKS.stream().filter(r -> r.path().equals(path))
                .map(DriverReceiver.Received::body).filter(b -> status.equals(b.path("status").asText()))
                .reduce((first, second) -> second).orElse(null);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }
}
