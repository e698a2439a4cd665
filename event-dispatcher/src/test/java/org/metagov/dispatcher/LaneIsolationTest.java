package org.metagov.dispatcher;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metagov.dispatcher.DriverEventsKafka.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import io.quarkus.logging.Log;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import org.junit.jupiter.api.Test;
import org.metagov.dispatcher.messaging.DriverEventConsumers;
import org.metagov.dispatcher.repository.ParkedDeliveries;
import org.metagov.events.DriverEvent;
import org.metagov.events.EventJson;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

/**
 * One community's receiver fails (500) and another's hangs, while a third community on the same Kafka partition goes
 * on at full speed; the failing ones get their events in order once they recover, across a dispatcher restart.
 */
@QuarkusTest
@TestProfile(LaneIsolationTest.RetryForLong.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(ReceiverStub.class)
class LaneIsolationTest {

    /** Retries every 200 ms at most, for minutes: the failing lanes keep failing for the whole test. */
    public static class RetryForLong implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dispatcher.retry.max-attempts", "100000", "dispatcher.retry.max-total-time", "10m",
                    "dispatcher.request-timeout", "1s");
        }
    }

    private static final String FAILING = "failing-community";

    WireMockServer receiver;

    @Inject
    DriverEventConsumers consumers;

    @Inject
    ParkedDeliveries parked;

    @Test
    void aFailingAndAHangingReceiverDelayOnlyTheirOwnCommunityAndCatchUpInOrderAfterARestart() {
        try (DriverEventsKafka kafka = new DriverEventsKafka()) {
            int partition = kafka.partitionOf(FAILING);
            String hanging = sameCommunityPartition(kafka, "hanging-community-", partition);
            String healthy = sameCommunityPartition(kafka, "healthy-community-", partition);
            receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).atPriority(10).willReturn(ok()));
            StubMapping failing = receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).atPriority(1)
                    .withRequestBody(matchingJsonPath("$.community", equalTo(FAILING)))
                    .willReturn(aResponse().withStatus(500)));
            StubMapping hangs = receiver.stubFor(post(urlPathEqualTo(ReceiverStub.PATH)).atPriority(1)
                    .withRequestBody(matchingJsonPath("$.community", equalTo(hanging)))
                    .willReturn(ok().withFixedDelay(3_000)));

            // the group has its partitions before anything is measured
            List<String> healthyIds = new ArrayList<>();
            kafka.send(numbered(healthy, "b", -1, healthyIds));
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered(healthy).size() == 1);

            List<String> failingIds = new ArrayList<>();
            List<String> hangingIds = new ArrayList<>();
            long sent = System.currentTimeMillis();
            for (int i = 0; i < 30; i++) {
                List<DriverEvent> round = new ArrayList<>();
                if (i < 5) {
                    round.add(numbered(FAILING, "f", i, failingIds));
                    round.add(numbered(hanging, "h", i, hangingIds));
                }
                round.add(numbered(healthy, "b", i, healthyIds));
                kafka.send(round.toArray(DriverEvent[]::new));
            }
            // every healthy event, in order, while the other two lanes of its partition fail
            await().atMost(Duration.ofSeconds(10)).until(() -> delivered(healthy).size() == 31);
            long healthyDone = lastDeliveredAt(healthy) - sent;
            Log.infof("healthy community: 30 events delivered %d ms after the first was sent", healthyDone);
            assertEquals(healthyIds, delivered(healthy));
            // one attempt of the hanging receiver takes 1 s (the request timeout): the healthy lane does not wait it
            assertTrue(healthyDone < 1_000, "healthy events waited for the failing lanes: " + healthyDone + " ms");
            assertEquals(List.of(), delivered(FAILING), "the failing receiver answered only 500s so far");
            await().atMost(Duration.ofSeconds(10)).until(() -> parked.count() == 10);

            // a restart with both lanes still failing: their events wait in PostgreSQL, the committed offsets are
            // past them, and the new consumers take the parked lanes over
            consumers.stop();
            consumers.start();
            kafka.send(numbered(FAILING, "f", 5, failingIds), numbered(healthy, "b", 30, healthyIds),
                    numbered(hanging, "h", 5, hangingIds));
            await().atMost(Duration.ofSeconds(15)).until(() -> delivered(healthy).size() == 32);

            receiver.removeStub(failing);
            receiver.removeStub(hangs);
            await().atMost(Duration.ofSeconds(30)).until(() -> distinct(delivered(FAILING)).size() == 6
                    && distinct(delivered(hanging)).size() == 6);
            assertEquals(failingIds, distinct(delivered(FAILING)), "in order, none lost");
            assertEquals(hangingIds, distinct(delivered(hanging)), "in order, none lost");
            assertEquals(healthyIds, distinct(delivered(healthy)));
            await().atMost(Duration.ofSeconds(10)).until(() -> parked.count() == 0);
        }
    }

    private static DriverEvent numbered(String community, String prefix, int i, List<String> ids) {
        String id = "evt-iso-" + prefix + "-" + i;
        ids.add(id);
        return event(id, community, EventJson.MAPPER.createObjectNode().put("seq", i), null);
    }

    private static String sameCommunityPartition(DriverEventsKafka kafka, String prefix, int partition) {
        return IntStream.range(0, 10_000).mapToObj(i -> prefix + i)
                .filter(c -> kafka.partitionOf(c) == partition).findFirst().orElseThrow();
    }

    /** webhook-ids of the community's events the receiver answered with 200, in the order it answered them. */
    private List<String> delivered(String community) {
        return answered(community).stream().map(e -> e.getRequest().getHeader("webhook-id")).toList();
    }

    private long lastDeliveredAt(String community) {
        return answered(community).stream().mapToLong(e -> e.getRequest().getLoggedDate().getTime()).max()
                .orElseThrow();
    }

    private List<ServeEvent> answered(String community) {
        return receiver.getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() == 200 && !e.getResponseDefinition().isProxyResponse())
                .filter(e -> e.getRequest().getBodyAsString().contains("\"community\":\"" + community + "\""))
                .filter(e -> e.getResponseDefinition().getFixedDelayMilliseconds() == null)
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .toList();
    }

    private static List<String> distinct(List<String> ids) {
        return ids.stream().distinct().toList();
    }
}
