package org.metagov.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.testing.KafkaTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the request line may hold: HTTP/1.0 without a Host header is served like any request (it used to be a
 * 500 on every forwarded route and hook), and control characters in a path are a 400 that never reaches an owner.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeOwners.class)
class RequestLineTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static boolean published;

    @BeforeEach
    void community() {
        if (!published) {
            TutorialCommunity.publish(bootstrap, "open", "i1");
            published = true;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void http10WithoutHostIsForwardedOnEveryRouteKind() throws IOException {
        List<String> routes = List.of(
                "POST /api/internal/community",
                "PUT /api/internal/community/c1",
                "GET /api/internal/community/c1/hooks?x=%2F1",
                "DELETE /api/internal/community/c1",
                "POST /api/internal/plugin/tutorial",
                "DELETE /api/internal/plugin/tutorial/7",
                "POST /api/internal/process/tutorial.my-gov-process",
                "GET /api/internal/process/tutorial.my-gov-process/42?verbose=1",
                "DELETE /api/internal/process/tutorial.my-gov-process/42");
        for (String route : routes) {
            RawHttp.Answer answer = RawHttp.send(port, route + " HTTP/1.0\r\nContent-Type: application/json\r\n"
                    + "X-Metagov-Community: c1\r\nContent-Length: 2\r\n\r\n{}");
            assertEquals(200, answer.status(), route + ": " + answer.body());
            assertEquals("{\"seen\": \"" + route + "\"}", answer.body(), route);
        }
    }

    @Test
    void http10WithoutHostCanPostHooks() throws IOException {
        for (String hook : List.of("/api/hooks/open/tutorial?x=1", "/api/hooks/tutorial")) {
            RawHttp.Answer answer = RawHttp.send(port, "POST " + hook + " HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}");
            assertEquals(200, answer.status(), hook + ": " + answer.body());
            assertTrue(answer.body().contains("\"status\":\"received\""), answer.body());
        }
    }

    @Test
    void controlCharactersInAPathAre400AndNeverForwarded() throws IOException {
        int before = FakeOwners.RECEIVED.size();
        List<String> paths = List.of(
                "GET /api/internal/community/a%00b",
                "PUT /api/internal/community/%00",
                "GET /api/internal/process/tutorial.my-gov-process/1%00",
                "DELETE /api/internal/plugin/tutorial/%1F",
                "GET /api/internal/plugin/tutorial%7f/metadata",
                "POST /api/internal/action/tutorial.times-two%00",
                "POST /api/hooks/open/tutorial/%00",
                "POST /api/hooks/op%00en/tutorial",
                "POST /api/hooks/%00");
        for (String path : paths) {
            RawHttp.Answer answer = RawHttp.send(port, path + " HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nX-Metagov-Community: open\r\nContent-Length: 2\r\n\r\n{}");
            assertEquals(400, answer.status(), path + ": " + answer.body());
            assertTrue(answer.head().toLowerCase().contains("content-type: application/json"), answer.head());
            assertTrue(answer.body().contains("\"error\":\"bad_request\""), answer.body());
        }
        assertEquals(before, FakeOwners.RECEIVED.size(), "nothing reached an owner: " + FakeOwners.RECEIVED);
    }
}
