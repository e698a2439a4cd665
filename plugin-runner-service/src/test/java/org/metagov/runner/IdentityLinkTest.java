package org.metagov.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.IdentityCommand;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.Topics;
import org.metagov.runner.testplugins.linker.LinkerPlugin;
import org.metagov.sdk.Json;
import org.metagov.sdk.testkit.PluginHarness;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** A plugin's identity().linkAccount(...) becomes an IdentityCommand keyed by community; the test kit records it. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class IdentityLinkTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** One companion per test, closed after it with every producer and consumer it opened. */
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
    void aLinkFromPluginCodeIsPublishedWithTheSameIdEachTime() {
        String community = "c-" + UUID.randomUUID();
        PluginRunnerTest.publish(kafka, new CommunityState(community, community, "", List.of(
                new PluginInstanceState(UUID.randomUUID().toString(), "linker", Json.object())), 1, Instant.now()));
        var consumer = kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                .withGroupId("test-" + community).fromTopics(Topics.IDENTITY_COMMANDS);

        String parameters = "{\"external_id\": 77, \"platform_identifier\": \"U77\"}";
        PluginRunnerTest.ok(kafka, community, "linker", "link", parameters);
        PluginRunnerTest.ok(kafka, community, "linker", "link", parameters);

        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.getRecords().stream()
                .filter(r -> community.equals(r.key())).count() == 2);
        List<IdentityCommand> commands = consumer.getRecords().stream().filter(r -> community.equals(r.key()))
                .map(ConsumerRecord::value).map(v -> EventJson.read(v, IdentityCommand.class)).toList();
        consumer.stop();
        IdentityCommand command = commands.get(0);
        assertEquals(IdentityCommand.LINK_ACCOUNT, command.type());
        assertEquals(community, command.community());
        assertEquals(77, command.externalId());
        assertEquals("linker", command.platformType());
        assertEquals("U77", command.platformIdentifier());
        assertEquals("team-1", command.communityPlatformId());
        assertEquals("action", command.customData().path("via").asText());
        assertEquals("oauth", command.linkType());
        assertEquals("confirmed (weak)", command.linkQuality());
        // the same link twice is the same command: community-service applies it once
        assertEquals(command.id(), commands.get(1).id());
    }

    @Test
    void theTestKitRecordsLinks() {
        PluginHarness<LinkerPlugin> linker = PluginHarness.start(LinkerPlugin.class, "{}");
        linker.act("link", "{\"external_id\": 5, \"platform_identifier\": \"U5\"}");
        assertEquals(List.of(new PluginHarness.LinkedAccount(5, "linker", "U5", "team-1",
                Json.object().put("via", "action"), "oauth", "confirmed (weak)")), linker.linkedAccounts());
    }
}
