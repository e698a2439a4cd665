package org.metagov.dispatcher;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.get;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.metagov.dispatcher.DriverEventsKafka.event;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import org.junit.jupiter.api.Test;
import org.metagov.dispatcher.messaging.DriverEventConsumers;
import org.metagov.dispatcher.subscription.ConfiguredSubscriptions;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

/** DRIVER_EVENT_RECEIVER_URL unset: events wait in Kafka, untouched, and are delivered once a receiver is set. */
@QuarkusTest
@TestProfile(NoReceiverTest.WithoutReceiver.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class NoReceiverTest {

    public static class WithoutReceiver implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dispatcher.receiver-url", "");
        }
    }

    @Inject
    DriverEventConsumers consumers;

    @Test
    void keepsEventsInKafkaUntilAReceiverIsConfigured() {
        try (DriverEventsKafka kafka = new DriverEventsKafka()) {
            kafka.send(event("evt-wait-0", "patient-community", null, null),
                    event("evt-wait-1", "patient-community", null, null),
                    event("evt-wait-2", "patient-community", null, null));

            get("/q/health/ready").then().statusCode(200)
                    .body("status", is("UP"))
                    .body("checks.find { it.name == 'event-dispatcher' }.data.receiver", is("not configured"))
                    .body("checks.find { it.name == 'event-dispatcher' }.data.consumer-threads", is(0));
            // nothing consumed: the dispatcher's group never commits, and every event is still there
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> kafka.committedOffsets("event-dispatcher").isEmpty());
            assertEquals(3, kafka.readAll("driver-events").size());

            WireMockServer receiver = new WireMockServer(options().dynamicPort());
            receiver.start();
            try {
                receiver.stubFor(post(urlPathEqualTo("/events")).willReturn(ok()));
                // what the start does when DRIVER_EVENT_RECEIVER_URL is set (a restart, in production)
                consumers.start(new ConfiguredSubscriptions(Optional.of(URI.create(receiver.baseUrl() + "/events")),
                        Optional.empty()));

                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.findAll(
                        postRequestedFor(urlPathEqualTo("/events"))).size() == 3);
                List<String> ids = receiver.findAll(postRequestedFor(urlPathEqualTo("/events"))).stream()
                        .map(request -> request.getHeader("webhook-id")).toList();
                assertEquals(List.of("evt-wait-0", "evt-wait-1", "evt-wait-2"), ids);
                List<LoggedRequest> unsigned = receiver.findAll(postRequestedFor(urlPathEqualTo("/events"))
                        .withoutHeader("webhook-signature"));
                assertEquals(3, unsigned.size(), "no DRIVER_WEBHOOK_SECRET here, so no signature");
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> !kafka.committedOffsets("event-dispatcher").isEmpty());
            } finally {
                receiver.stop();
            }
        }
    }
}
