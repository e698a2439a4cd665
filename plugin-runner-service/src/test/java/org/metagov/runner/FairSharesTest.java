package org.metagov.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.metagov.events.ActionReply;
import org.metagov.events.ActionReply.Outcome;
import org.metagov.events.ActionRequest;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.Topics;
import org.metagov.events.secrets.PluginSecrets;
import org.metagov.events.secrets.SecretKeys;
import org.metagov.runner.service.PluginThreads;
import org.metagov.sdk.Json;
import org.metagov.sdk.testkit.FakePlatform;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;

/**
 * Issue 13, items 4 and 5 in the runner. Fair shares: community A's platform hangs and A sends 70 slow actions; they
 * hold only A's share of the action threads, the rest of A's calls are refused (429 with Retry-After at the
 * gateway), and community B's action of the same plugin is answered while every admitted call of A still hangs
 * (with one shared pool of 64 threads, 70 hanging calls left B waiting for one to time out). Sealed secrets: both
 * instances get their token, sealed on the topic as community-service seals it, back in their config.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class FairSharesTest {

    private static final int A_CALLS = 70;

    static FakePlatform hanging;
    static FakePlatform healthy;
    static final CountDownLatch release = new CountDownLatch(1);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "metagov.secrets.key")
    String secretsKey;

    @ConfigProperty(name = "runner.shares.queue")
    int queue;

    @Inject
    PluginThreads threads;

    @BeforeAll
    static void startPlatforms() {
        hanging = FakePlatform.start();
        hanging.respond("GET", "/status", request -> {
            release.await(); // never answers until the test lets it
            return FakePlatform.Reply.json(200, "{\"who\": \"a\"}");
        });
        healthy = FakePlatform.start();
        healthy.respond("GET", "/status", request -> List.of("Bearer B-SECRET").equals(request.headers()
                .get("Authorization")) ? FakePlatform.Reply.json(200, "{\"who\": \"b\"}")
                        : FakePlatform.Reply.json(401, "{\"error\": \"bad token\"}"));
    }

    @AfterAll
    static void stopPlatforms() {
        release.countDown();
        hanging.close();
        healthy.close();
    }

    @Test
    void aHangingCommunityHoldsOnlyItsShareAndAnotherCommunitysActionIsAnsweredMeanwhile() {
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        int share = threads.communityShare(PluginThreads.Pool.ACTIONS);
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            publishSealed(kafka, a, hanging.url(), "A-SECRET");
            publishSealed(kafka, b, healthy.url(), "B-SECRET");
            Map<String, ActionReply> replies = new ConcurrentHashMap<>();
            ConsumerTask<String, String> consumer = kafka.consumeStrings()
                    .withOffsetReset(OffsetResetStrategy.EARLIEST).withGroupId("fair-" + UUID.randomUUID())
                    .fromTopics(Topics.ACTION_REPLIES);

            // B's instance works, with the token it got through the sealed record (the platform checks it)
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                String id = send(kafka, b);
                await().atMost(Duration.ofSeconds(20)).until(() -> collect(consumer, replies).containsKey(id));
                return replies.get(id).outcome() != Outcome.NOT_ENABLED;
            });

            List<String> ofA = new ArrayList<>();
            for (int i = 0; i < A_CALLS; i++) {
                ofA.add(send(kafka, a));
            }
            // A's share is all at its platform, hanging; what A sent past its share and its queue is refused
            await().atMost(Duration.ofSeconds(30)).until(() -> hanging.requests().size() == share
                    && refused(collect(consumer, replies), ofA).size() >= A_CALLS - share - queue);

            String ofB = send(kafka, b);
            await().atMost(Duration.ofSeconds(20)).until(() -> collect(consumer, replies).containsKey(ofB));
            assertEquals(Outcome.OK, replies.get(ofB).outcome(), replies.get(ofB).message());
            assertEquals("b", replies.get(ofB).result().path("who").asText());
            // answered while every admitted call of A still hangs: none of them has been answered or let go
            assertEquals(share, hanging.requests().size());
            assertTrue(ofA.stream().map(replies::get).noneMatch(r -> r != null && r.outcome() != Outcome.TOO_BUSY),
                    "no call of A has finished yet");
            assertTrue(hanging.requests().stream().allMatch(r -> List.of("Bearer A-SECRET")
                    .equals(r.headers().get("Authorization"))), "A's instance has its secret too");

            // the queued ones give up after the queue wait; every refusal says when to retry
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> refused(collect(consumer, replies), ofA).size() == A_CALLS - share);
            Set<Long> retryAfter = refused(replies, ofA).stream().map(ActionReply::retryAfterSeconds)
                    .collect(Collectors.toSet());
            assertEquals(Set.of(2L), retryAfter);
            assertTrue(refused(replies, ofA).get(0).message().contains("share"));

            // once the platform answers, A's admitted calls complete and its share is free again
            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> ofA.stream().allMatch(collect(consumer, replies)
                    ::containsKey));
            assertEquals(share, ofA.stream().map(replies::get).filter(r -> r.outcome() == Outcome.OK).count());
            String again = send(kafka, a);
            await().atMost(Duration.ofSeconds(20)).until(() -> collect(consumer, replies).containsKey(again));
            assertEquals(Outcome.OK, replies.get(again).outcome());
            consumer.stop();
        }
    }

    private void publishSealed(KafkaCompanion kafka, String community, String url, String token) {
        PluginInstanceState clear = new PluginInstanceState(UUID.randomUUID().toString(), "platform-call",
                Json.object().put("server_url", url).put("token", token));
        PluginInstanceState sealed = PluginSecrets.seal(community, clear, List.of("token"),
                SecretKeys.of(secretsKey, null));
        CommunityState state = new CommunityState(community, community, "", List.of(sealed), 1, Instant.now());
        String record = EventJson.write(state);
        assertTrue(!record.contains(token), "the test publishes as community-service does: sealed");
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.COMMUNITIES, community, record))
                .awaitCompletion();
    }

    private static String send(KafkaCompanion kafka, String community) {
        String id = UUID.randomUUID().toString();
        ActionRequest request = new ActionRequest(id, community, "platform-call", "status", Json.object(),
                Instant.now().plusSeconds(60));
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.ACTION_REQUESTS, community,
                EventJson.write(request))).awaitCompletion();
        return id;
    }

    private static Map<String, ActionReply> collect(ConsumerTask<String, String> consumer,
            Map<String, ActionReply> replies) {
        for (ConsumerRecord<String, String> r : consumer.getRecords()) {
            ActionReply reply = EventJson.read(r.value(), ActionReply.class);
            replies.putIfAbsent(reply.requestId(), reply);
        }
        return replies;
    }

    private static List<ActionReply> refused(Map<String, ActionReply> replies, List<String> ids) {
        return ids.stream().map(replies::get).filter(r -> r != null && r.outcome() == Outcome.TOO_BUSY).toList();
    }
}
