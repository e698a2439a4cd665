package org.metagov.metastore.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metagov.metastore.api.DatasetApiContract.OWNER;
import static org.metagov.metastore.api.DatasetApiContract.create;
import static org.metagov.metastore.api.DatasetApiContract.pkg;
import static org.metagov.metastore.api.DatasetApiContract.put;
import static org.metagov.metastore.api.DatasetApiContract.unique;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.metagov.metastore.support.WebhookReceiverResource;
import org.metagov.webhooks.StandardWebhookSigner;
import org.metagov.webhooks.WebhookSecret;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Change-feed events pushed to a webhook receiver: signed, in order, retried until it answers 2xx. */
@QuarkusTest
@WithTestResource(value = WebhookReceiverResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class WebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer server;

    @Test
    void eachEventArrivesSignedInOrderAndAFailedDeliveryIsRetried() throws Exception {
        server.stubFor(post("/hook").inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server.stubFor(post("/hook").inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(204)));
        String name = unique("hook");
        String r1 = create(OWNER, name, pkg("title", "one"));
        String r2 = put(OWNER, name, pkg("title", "two"), "second");

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> server.findAll(postRequestedFor(urlEqualTo("/hook"))).size() >= 3);
        List<LoggedRequest> received = server.findAll(postRequestedFor(urlEqualTo("/hook")));
        StandardWebhookSigner verifier = new StandardWebhookSigner(
                WebhookSecret.parse(WebhookReceiverResource.SECRET, "secret"));
        for (LoggedRequest request : received) {
            verifier.verify(request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
                    request.getHeader("webhook-signature"), request.getBody(), Instant.now(), Duration.ofMinutes(5));
            assertTrue(request.getHeader("Content-Type").startsWith("application/json"));
        }
        // the first delivery failed (503) and was repeated with the same id; then the next event
        assertEquals(received.get(0).getHeader("webhook-id"), received.get(1).getHeader("webhook-id"));
        JsonNode first = JSON.readTree(received.get(1).getBody());
        JsonNode second = JSON.readTree(received.get(2).getBody());
        assertEquals("metastore.change.create", first.path("type").asText());
        assertEquals(OWNER + "/" + name, first.path("data").path("dataset").asText());
        assertEquals(r1, first.path("data").path("revision").asText());
        assertEquals("update", second.path("data").path("kind").asText());
        assertEquals(r2, second.path("data").path("revision").asText());
        assertEquals(List.of(r1), JSON.convertValue(second.path("data").path("parents"), List.class));
        assertTrue(second.path("data").path("sequence").asLong() > first.path("data").path("sequence").asLong());
    }
}
