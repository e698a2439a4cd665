package org.metagov.process;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;
import org.metagov.events.Topics;
import org.metagov.process.messaging.CommunityDirectory;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** The outbound policy as shipped (other tests allow loopback for their local receivers): loopback is refused. */
@QuarkusTest
@TestProfile(DefaultCallbackPolicyTest.ShippedPolicy.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class DefaultCallbackPolicyTest {

    public static class ShippedPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("metagov.outbound.allow-loopback", "false");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    CommunityDirectory directory;

    @Test
    void aCallbackUrlOnLoopbackIsRefusedAtStartWithOneMessageWhateverThePort() throws IOException {
        publishCatalogAndCommunities();
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        // this service's own port is open, the other is not: a driver cannot tell them apart
        for (int port : List.of(RestAssured.port, closed)) {
            given().header("X-Metagov-Community", Fixtures.COMMUNITY).contentType(ContentType.JSON)
                    .body("{\"options\": [\"a\"], \"delay\": 1, \"callback_url\": \"http://127.0.0.1:" + port
                            + "/q/health\"}")
                    .post(ProcessApiTest.VOTE).then().statusCode(400)
                    .body("error", equalTo("bad_request"))
                    .body("message", equalTo(
                            "callback_url: Host '127.0.0.1' is a loopback address, which is not allowed"))
                    .body("details[0]", equalTo("callback_url"));
        }
        given().header("X-Metagov-Community", Fixtures.COMMUNITY).contentType(ContentType.JSON)
                .body("{\"options\": [\"a\"], \"delay\": 1, \"callback_url\": \"http://localhost:9000/cb\"}")
                .post(ProcessApiTest.VOTE).then().statusCode(400)
                .body("message", equalTo(
                        "callback_url: Host 'localhost' resolves to a loopback address, which is not allowed"));
    }

    private void publishCatalogAndCommunities() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (PluginDescriptor d : List.of(Fixtures.RANDOMNESS, Fixtures.TUTORIAL, Fixtures.ONEWAY)) {
                producer.send(new ProducerRecord<>(Topics.PLUGIN_CATALOG, d.name(), EventJson.write(d)));
            }
            for (CommunityState c : Fixtures.communities()) {
                producer.send(new ProducerRecord<>(Topics.COMMUNITIES, c.slug(), EventJson.write(c)));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200
                && directory.find(Fixtures.COMMUNITY).isPresent());
    }
}
