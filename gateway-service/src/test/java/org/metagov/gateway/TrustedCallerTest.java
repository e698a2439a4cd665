package org.metagov.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.metagov.testing.KafkaTestResource;
import org.metagov.web.Caller;
import org.metagov.web.CallerHeader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Calls from a trusted address (loopback, the default): without a token they act as the driver local. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeOwners.class)
@WithTestResource(TestTokens.class)
class TrustedCallerTest {

    @Test
    void withoutATokenATrustedCallerActsAsLocal() {
        given().get("/api/internal/community/trusted-1").then().statusCode(200)
                .body("seen", equalTo("GET /api/internal/community/trusted-1"));
        String header = FakeOwners.DRIVER_HEADERS.stream().filter(h -> h.startsWith("GET /api/internal/community/trusted-1 "))
                .findFirst().map(h -> h.substring(h.lastIndexOf(' ') + 1)).orElseThrow();
        assertEquals(Optional.of(Caller.local()), new CallerHeader(TestTokens.INTERNAL_KEY).verify(header));
    }

    @Test
    void aDriverHeaderSentByACallerIsNotPassedOn() {
        // only the gateway signs X-Metagov-Driver: a caller's own (even validly signed, say replayed) is replaced
        String posed = new CallerHeader(TestTokens.INTERNAL_KEY).sign(new Caller("admin", true));
        given().header(CallerHeader.NAME, posed).get("/api/internal/community/trusted-posed").then().statusCode(200);
        List<String> sent = FakeOwners.DRIVER_HEADERS.stream()
                .filter(h -> h.startsWith("GET /api/internal/community/trusted-posed ")).toList();
        assertEquals(1, sent.size(), sent.toString());
        assertEquals(Optional.of(Caller.local()), new CallerHeader(TestTokens.INTERNAL_KEY)
                .verify(sent.get(0).substring(sent.get(0).lastIndexOf(' ') + 1)));
    }

    @Test
    void localIsNotAnAdministrator() {
        given().get("/api/internal/drivers").then().statusCode(403).body("error", equalTo("forbidden"));
    }

    @Test
    void aBadTokenIsRefusedEvenFromATrustedAddress() {
        given().header("Authorization", "Bearer " + TestTokens.signedByAnotherKey("admin"))
                .get("/api/internal/community/trusted-1").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer")).body("error", equalTo("unauthorized"));
        given().header("Authorization", "Basic YTpi").get("/api/internal/community/trusted-1").then().statusCode(401);
        given().header("Authorization", "").get("/api/internal/community/trusted-1").then().statusCode(401);
    }

    @Test
    void aValidTokenFromATrustedAddressIsItsDriver() {
        given().header("Authorization", "Bearer " + TestTokens.admin()).get("/api/internal/drivers/drv_x")
                .then().statusCode(200);
    }
}
