package org.metagov.process;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.metagov.events.DriverAccount;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.process.messaging.DriverCallbackSecrets;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.web.Caller;
import org.metagov.web.CallerHeader;
import org.metagov.webhooks.StandardWebhookSigner;
import org.metagov.webhooks.WebhookSecret;
import org.metagov.events.secrets.SecretSealer;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Each driver's processes' callbacks are signed with that driver's own callback secret (from the drivers topic,
 * sealed): they verify with it, not with the global secret of local, nor with another driver's; a driver without a
 * usable secret gets unsigned callbacks.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class DriverCallbackSecretTest extends WithTheOtherServices {

    private static final String SECRET_A = WebhookSecret.generate();
    private static final String SECRET_B = WebhookSecret.generate();
    private static final String GLOBAL = "whsec_dGVzdC1jYWxsYmFjay1zZWNyZXQ="; // the %test process.callbacks.secret

    @ConfigProperty(name = "metagov.secrets.key")
    String secretsKey;

    @ConfigProperty(name = "metagov.caller.internal-key")
    String internalKey;

    @Inject
    DriverCallbackSecrets drivers;

    @Test
    void aDriversCallbacksAreSignedWithItsOwnSecretOnly() {
        SecretSealer sealer = new SecretSealer(secretsKey);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(java.util.Map.of("bootstrap.servers",
                bootstrap), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.DRIVERS, "drv_cb_a", EventJson.write(new DriverAccount("drv_cb_a",
                    "a", List.of(), 1, 1, Instant.now(), sealer.seal(SECRET_A, "drv_cb_a")))));
            // a secret sealed for another driver does not open for this one: unsigned, never another's signature
            producer.send(new ProducerRecord<>(Topics.DRIVERS, "drv_cb_c", EventJson.write(new DriverAccount("drv_cb_c",
                    "c", List.of(), 1, 1, Instant.now(), sealer.seal(SECRET_B, "drv_cb_b")))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> drivers.signerOf("drv_cb_a").isPresent()
                && drivers.get("drv_cb_c").isPresent());
        receiver.stubFor(post(urlEqualTo("/cb/driver-a")).willReturn(ok()));
        receiver.stubFor(post(urlEqualTo("/cb/driver-c")).willReturn(ok()));

        LoggedRequest toA = closedCallback("drv_cb_a", "/cb/driver-a");
        verify(toA, SECRET_A);
        assertThrows(RuntimeException.class, () -> verify(toA, GLOBAL), "not local's global secret");
        assertThrows(RuntimeException.class, () -> verify(toA, SECRET_B), "not another driver's");

        LoggedRequest toC = closedCallback("drv_cb_c", "/cb/driver-c");
        assertNull(toC.getHeader("webhook-signature"), "no usable secret: unsigned");
        assertFalse(toC.getHeader("webhook-id").isEmpty());
    }

    /**
     * Starts and closes a tutorial process as {@code driver} (an administrator: the fixture community is local's);
     * the completed callback.
     */
    private LoggedRequest closedCallback(String driver, String path) {
        String header = new CallerHeader(internalKey).sign(new Caller(driver, true));
        String location = ProcessApiTest.as(Fixtures.COMMUNITY).header(CallerHeader.NAME, header)
                .body("{\"title\": \"t\", \"callback_url\": \"http://127.0.0.1:" + receiver.port() + path + "\"}")
                .post(ProcessApiTest.TUTORIAL).then().statusCode(202).extract().header("Location");
        io.restassured.RestAssured.given().header(CallerHeader.NAME, header).delete(location).then().statusCode(200);
        return await().atMost(Duration.ofSeconds(20)).until(() -> receiver.findAll(postRequestedFor(urlEqualTo(path))),
                r -> r.stream().anyMatch(x -> x.getBodyAsString().contains("\"completed\""))).stream()
                .filter(x -> x.getBodyAsString().contains("\"completed\"")).findFirst().orElseThrow();
    }

    private static void verify(LoggedRequest request, String secret) {
        new StandardWebhookSigner(WebhookSecret.parse(secret, "test")).verify(request.getHeader("webhook-id"),
                request.getHeader("webhook-timestamp"), request.getHeader("webhook-signature"), request.getBody(),
                Instant.now(), StandardWebhookSigner.DEFAULT_TOLERANCE);
    }
}
