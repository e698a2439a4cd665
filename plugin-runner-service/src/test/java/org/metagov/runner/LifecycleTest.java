package org.metagov.runner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.events.process.ProcessCommand;
import org.metagov.events.process.ProcessUpdate;
import org.metagov.sdk.Json;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An instance's lifecycle as community-service drives it (communities records) and as the driver sees it (action
 * replies, process updates, driver events), with the test plugin {@code lifecycle}.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class LifecycleTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Pool database;

    KafkaCompanion kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(bootstrap);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void aConfigChangeKeepsTheInstanceAndItsStateAndTellsThePluginOnce() {
        String community = "life-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        publish(community, 1, id, "{\"label\": \"a\", \"token\": \"t1\"}");
        assertEquals(1, read(community).path("initialized").asInt());
        PluginRunnerTest.ok(kafka, community, "lifecycle", "note", "{\"text\": \"kept\"}");

        publish(community, 2, id, "{\"label\": \"b\", \"token\": \"t1\"}");
        JsonNode changed = awaitLabel(community, "b");
        assertEquals("kept", changed.path("note").asText(), "the state survives the config change");
        assertEquals(1, changed.path("initialized").asInt(), "initialize() does not run again");
        assertEquals("[\"a->b\"]", changed.path("changes").toString());

        // the same record again (a redelivery) tells the plugin nothing; the next change is told once more
        publish(community, 2, id, "{\"label\": \"b\", \"token\": \"t1\"}");
        publish(community, 3, id, "{\"label\": \"c\", \"token\": \"t2\"}");
        JsonNode again = awaitLabel(community, "c");
        assertEquals("[\"a->b\",\"b->c\"]", again.path("changes").toString());
        assertEquals("t2", again.path("token").asText(), "a new secret replaces the old one");
        assertEquals("kept", again.path("note").asText());

        // epoch is declared resetStateOn: the state starts again from initialize(), the instance stays
        publish(community, 4, id, "{\"label\": \"d\", \"token\": \"t2\", \"epoch\": 2}");
        JsonNode reset = awaitLabel(community, "d");
        assertFalse(reset.has("note"), reset.toString());
        assertFalse(reset.has("changes"), reset.toString());
        assertEquals(1, reset.path("initialized").asInt());
    }

    @Test
    void aConfigChangedWhileTheRunnerWasDownIsToldAtStartAndTheStateKept() {
        // what a runner that went down after applying version 1 left: the instance with its config and state; this
        // runner's memory never held it, as after a restart
        String community = "restart-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        database.preparedQuery("INSERT INTO plugin_instance (id, community_slug, plugin_name, config, applied_version) "
                + "VALUES ($1, $2, 'lifecycle', $3, 1)")
                .execute(Tuple.of(id, community, "{\"label\": \"before\", \"epoch\": 1, \"fail_disable\": 0}"))
                .await().atMost(Duration.ofSeconds(10));
        database.preparedQuery("INSERT INTO plugin_state (instance_id, key, value) VALUES ($1, 'note', '\"kept\"')")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10));

        publish(community, 2, id, "{\"label\": \"after\", \"epoch\": 1, \"fail_disable\": 0}");
        JsonNode after = awaitLabel(community, "after");
        assertEquals("kept", after.path("note").asText());
        assertEquals("[\"before->after\"]", after.path("changes").toString());
        assertFalse(after.has("initialized"), "a known instance is not initialized again");

        // version 1 read again (an older record on the topic) brings back neither the old config nor a change
        publish(community, 1, id, "{\"label\": \"before\", \"epoch\": 1, \"fail_disable\": 0}");
        publish(community, 3, id, "{\"label\": \"third\", \"epoch\": 1, \"fail_disable\": 0}");
        assertEquals("[\"before->after\",\"after->third\"]", awaitLabel(community, "third").path("changes")
                .toString());
    }

    @Test
    void teardownRunsUntilItCompletesOnceThenClosesTheProcessesAndDropsTheState() {
        String community = "down-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        ConsumerTask<String, String> events = topic(Topics.DRIVER_EVENTS);
        ConsumerTask<String, String> updates = topic(Topics.PROCESS_UPDATES);
        publish(community, 1, id, "{\"label\": \"a\", \"fail_disable\": 1}");
        PluginRunnerTest.ok(kafka, community, "lifecycle", "note", "{\"text\": \"last words\"}");
        String processId = "hold-" + UUID.randomUUID();
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PROCESS_COMMANDS, processId, EventJson.write(
                new ProcessCommand(ProcessCommand.startId(processId), ProcessCommand.Type.START, processId, community,
                        "lifecycle", "hold", Json.object(), null, Instant.now())))).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).until(() -> last(updates, processId) != null
                && ProcessUpdate.PENDING.equals(last(updates, processId).status()));

        // disabled: left out of the community's plugins
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(), 2, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> last(updates, processId).completed());
        ProcessUpdate closed = last(updates, processId);
        assertTrue(closed.errors().path("disabled").asText().contains("disabled"), closed.errors().toString());
        List<DriverEvent> tornDown = await().atMost(Duration.ofSeconds(20))
                .until(() -> tornDown(events, community), list -> !list.isEmpty());
        // the first try failed; the second ran with the instance's last config and state
        assertEquals(2, tornDown.get(0).data().path("tries").asInt());
        assertEquals("a", tornDown.get(0).data().path("label").asText());
        assertEquals("last words", tornDown.get(0).data().path("note").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> stateRows(id) == 0);

        // deleting the community afterwards does not run it again
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.COMMUNITIES, community, null)).awaitCompletion();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> tornDown(events, community).size() == 1);
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString(
                "metagov_plugin_teardowns_total{outcome=\"failed\",plugin=\"lifecycle\"}"));
    }

    @Test
    void aTeardownLeftByACrashedRunnerRunsAgainWithTheConfigTheRunnerKept() {
        // what a runner that died inside onDisable() leaves: a try counted, its lease over; no communities record
        // brings this instance, so its config is only in the runner's table
        String community = "crash-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        ConsumerTask<String, String> events = topic(Topics.DRIVER_EVENTS);
        database.preparedQuery("INSERT INTO plugin_instance (id, community_slug, plugin_name, config, disabled_at, "
                + "disabled_reason, teardown_attempts, teardown_not_before) VALUES ($1, $2, 'lifecycle', $3, now(), "
                + "'community deleted', 1, now() - interval '1 second')")
                .execute(Tuple.of(id, community, "{\"label\": \"kept-by-the-runner\", \"fail_disable\": 0}"))
                .await().atMost(Duration.ofSeconds(10));
        database.preparedQuery("INSERT INTO plugin_state (instance_id, key, value) VALUES ($1, 'disable_tries', '1')")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10));

        List<DriverEvent> tornDown = await().atMost(Duration.ofSeconds(20))
                .until(() -> tornDown(events, community), list -> !list.isEmpty());
        assertEquals(2, tornDown.get(0).data().path("tries").asInt(), "the crashed try left its state; this try completed");
        assertEquals("kept-by-the-runner", tornDown.get(0).data().path("label").asText());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> tornDown(events, community).size() == 1);
    }

    @Test
    void aReopenedPollKeepsItsBallotsTakesNewOnesAndCompletesAgain() {
        String community = "reopen-" + UUID.randomUUID();
        ConsumerTask<String, String> updates = topic(Topics.PROCESS_UPDATES);
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "",
                List.of(PluginRunnerTest.instance(UUID.randomUUID().toString(), "vote", "{}")), 1, Instant.now()));
        String poll = "poll-" + UUID.randomUUID();
        command(new ProcessCommand(ProcessCommand.startId(poll), ProcessCommand.Type.START, poll, community, "vote",
                "poll", Json.object().put("title", "Lunch?").set("options", Json.of(List.of("pizza", "salad"))), null,
                Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> last(updates, poll) != null
                && ProcessUpdate.PENDING.equals(last(updates, poll).status()));
        PluginRunnerTest.ok(kafka, community, "vote", "cast",
                "{\"process_id\": \"" + poll + "\", \"voter\": \"alice\", \"choices\": [\"pizza\"]}");
        command(new ProcessCommand(poll + ":close:1", ProcessCommand.Type.CLOSE, poll, community, "vote", "poll", null,
                null, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> last(updates, poll).completed());
        assertEquals("pizza", last(updates, poll).outcome().path("winner").asText());

        command(new ProcessCommand(poll + ":reopen:2", ProcessCommand.Type.REOPEN, poll, community, "vote", "poll",
                Json.object(), null, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessUpdate.PENDING.equals(last(updates, poll).status()));
        assertEquals(ProcessUpdate.CommandResult.DONE, last(updates, poll).result());
        PluginRunnerTest.ok(kafka, community, "vote", "cast",
                "{\"process_id\": \"" + poll + "\", \"voter\": \"bob\", \"choices\": [\"salad\"]}");
        PluginRunnerTest.ok(kafka, community, "vote", "cast",
                "{\"process_id\": \"" + poll + "\", \"voter\": \"carol\", \"choices\": [\"salad\"]}");
        command(new ProcessCommand(poll + ":close:3", ProcessCommand.Type.CLOSE, poll, community, "vote", "poll", null,
                null, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> last(updates, poll).completed());
        ProcessUpdate second = last(updates, poll);
        assertEquals(3, second.outcome().path("voters").asInt(), "alice's ballot from before the re-opening stays");
        assertEquals("salad", second.outcome().path("winner").asText());

        // a process that is not completed is not re-opened: the answer says so, typed
        String pending = "poll-" + UUID.randomUUID();
        command(new ProcessCommand(ProcessCommand.startId(pending), ProcessCommand.Type.START, pending, community,
                "vote", "poll", Json.object().put("title", "Tea?").set("options", Json.of(List.of("y", "n"))), null,
                Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> last(updates, pending) != null);
        command(new ProcessCommand(pending + ":reopen:1", ProcessCommand.Type.REOPEN, pending, community, "vote",
                "poll", Json.object(), null, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> last(updates, pending).result()
                == ProcessUpdate.CommandResult.NOT_SUPPORTED);
        // a closing time in the past is the caller's mistake
        command(new ProcessCommand(poll + ":close:4", ProcessCommand.Type.CLOSE, poll, community, "vote", "poll", null,
                null, Instant.now()));
        command(new ProcessCommand(poll + ":reopen:5", ProcessCommand.Type.REOPEN, poll, community, "vote", "poll",
                Json.object().put("closing_at", "2020-01-01"), null, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> last(updates, poll).result()
                == ProcessUpdate.CommandResult.REJECTED);
        assertTrue(last(updates, poll).completed());
        assertTrue(last(updates, poll).errors().path("reopen").asText().contains("in the past"),
                last(updates, poll).errors().toString());
    }

    private void command(ProcessCommand command) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PROCESS_COMMANDS, command.processId(),
                EventJson.write(command))).awaitCompletion();
    }

    private void publish(String community, long version, String id, String config) {
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "",
                List.of(PluginRunnerTest.instance(id, "lifecycle", config)), version, Instant.now()));
    }

    private JsonNode read(String community) {
        return PluginRunnerTest.ok(kafka, community, "lifecycle", "read", "{}");
    }

    private JsonNode awaitLabel(String community, String label) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> read(community),
                r -> label.equals(r.path("label").asText()));
    }

    private ConsumerTask<String, String> topic(String topic) {
        return kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                .withGroupId("test-" + UUID.randomUUID()).fromTopics(topic);
    }

    private static List<DriverEvent> tornDown(ConsumerTask<String, String> events, String community) {
        return events.getRecords().stream().map(r -> EventJson.read(r.value(), DriverEvent.class))
                .filter(e -> community.equals(e.community()) && "torn_down".equals(e.eventType())).toList();
    }

    private static ProcessUpdate last(ConsumerTask<String, String> updates, String processId) {
        ProcessUpdate last = null;
        for (var r : updates.getRecords()) {
            ProcessUpdate u = EventJson.read(r.value(), ProcessUpdate.class);
            if (processId.equals(u.processId()) && (last == null || u.version() > last.version())) {
                last = u;
            }
        }
        return last;
    }

    private int stateRows(String id) {
        return database.preparedQuery("SELECT count(*) AS n FROM plugin_state WHERE instance_id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10)).iterator().next().getInteger("n");
    }
}
