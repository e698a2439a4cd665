package org.metagov.process;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.metagov.events.EventJson;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The process record as upstream Metagov drivers (PolicyKit) use it: its fields, its Location read and closed
 * without the community header, the callback's body, and a close answered by the runner's typed result.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ProcessRecordTest extends WithTheOtherServices {

    static final String VOTE = "/api/internal/process/randomness.delayed-stochastic-vote";
    static final String TUTORIAL = "/api/internal/process/tutorial.my-gov-process";

    static String start(String path, String body) {
        return given().header("X-Metagov-Community", Fixtures.COMMUNITY).contentType("application/json").body(body)
                .post(path).then().statusCode(202).extract().header("Location");
    }

    @Test
    void theRecordHasUpstreamsFieldsAndItsLocationNeedsNoHeader() {
        String location = start(VOTE, "{\"options\": [\"one\", \"two\"], \"delay\": 60}");
        String id = location.substring(location.lastIndexOf('/') + 1);

        JsonNode record = EventJson.read(given().get(location).then().statusCode(200).extract().asString(),
                JsonNode.class);
        List<String> fields = new ArrayList<>();
        record.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("id", "name", "community", "status", "url", "errors", "outcome"), fields);
        assertEquals(id, record.path("id").asText());
        assertEquals("randomness.delayed-stochastic-vote", record.path("name").asText());
        assertEquals(Fixtures.COMMUNITY, record.path("community").asText());
        assertEquals("pending", record.path("status").asText());
        assertEquals("https://platform.example/polls/" + id, record.path("url").asText());

        given().delete(location).then().statusCode(200).body("status", equalTo("completed"))
                .body("name", equalTo("randomness.delayed-stochastic-vote"))
                .body("community", equalTo(Fixtures.COMMUNITY))
                .body("url", equalTo("https://platform.example/polls/" + id))
                .body("outcome.winner", equalTo("one"));
    }

    @Test
    void aStartTakesItsBodyAsJsonWhateverItsContentType() {
        given().header("X-Metagov-Community", Fixtures.COMMUNITY).contentType("text/plain")
                .body("{\"options\": [\"a\"], \"delay\": 5}").post(VOTE).then().statusCode(202)
                .body("status", equalTo("pending"));
        // no body and no Content-Type: the process's parameters are empty (tutorial's are all optional)
        given().header("X-Metagov-Community", Fixtures.COMMUNITY).post(TUTORIAL).then().statusCode(202);
        given().header("X-Metagov-Community", Fixtures.COMMUNITY).contentType("text/plain").body("{not json")
                .post(VOTE).then().statusCode(400).body("error", equalTo("malformed_json"));
    }

    @Test
    void aCloseTheProcessDoesNotSupportIs409() {
        String location = start(TUTORIAL, "{\"close\": \"unsupported\"}");
        given().delete(location).then().statusCode(409).body("error", equalTo("conflict"))
                .body("message", containsString("not supported by this process"));
        given().get(location).then().statusCode(200).body("status", equalTo("pending"));
    }

    @Test
    void aCloseThatFailedIs502ByItsCodeWhateverItsMessageSays() {
        String location = start(TUTORIAL, "{\"close\": \"fail\"}");
        given().delete(location).then().statusCode(502).body("error", equalTo("plugin_failed"))
                .body("message", containsString("closing polls is not supported today"));
        given().get(location).then().statusCode(200).body("status", equalTo("pending"))
                .body("errors", aMapWithSize(1));
    }

    @Test
    void theCallbackCarriesTheRecordWithNameAndCommunity() {
        receiver.stubFor(post("/cb/record").willReturn(ok()));
        String location = start(VOTE, "{\"options\": [\"yes\", \"no\"], \"delay\": 30, \"callback_url\": "
                + "\"http://127.0.0.1:" + receiver.port() + "/cb/record\"}");
        String id = location.substring(location.lastIndexOf('/') + 1);
        given().delete(location).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !receiver.findAll(postRequestedFor(urlEqualTo("/cb/record"))).isEmpty());
        JsonNode body = EventJson.read(receiver.findAll(postRequestedFor(urlEqualTo("/cb/record"))).get(0)
                .getBodyAsString(), JsonNode.class);
        assertEquals(id, body.path("id").asText());
        assertEquals("randomness.delayed-stochastic-vote", body.path("name").asText());
        assertEquals(Fixtures.COMMUNITY, body.path("community").asText());
        assertEquals("completed", body.path("status").asText());
        assertEquals("https://platform.example/polls/" + id, body.path("url").asText());
        assertEquals("yes", body.path("outcome").path("winner").asText());
    }
}
