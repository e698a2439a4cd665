package org.metagov.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.metagov.testing.KafkaTestResource;
import org.metagov.web.Caller;
import org.metagov.web.CallerHeader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Tokens of a trusted external identity provider (as Keycloak's client-credentials grant gives them). */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeIdentityProvider.class)
@WithTestResource(TestTokens.class)
class ExternalIdentityProviderTest {

    @Test
    void theProvidersTokenNamesTheDriverByItsSubject() {
        String token = FakeIdentityProvider.token("svc-policykit", FakeIdentityProvider.ISSUER,
                FakeIdentityProvider.AUDIENCE, 300, List.of());
        given().header("Authorization", "Bearer " + token).get("/api/internal/community/idp-1").then().statusCode(200);
        String header = FakeOwners.DRIVER_HEADERS.stream().filter(h -> h.startsWith("GET /api/internal/community/idp-1 "))
                .findFirst().map(h -> h.substring(h.lastIndexOf(' ') + 1)).orElseThrow();
        assertEquals(Optional.of(new Caller("svc-policykit", false)),
                new CallerHeader(TestTokens.INTERNAL_KEY).verify(header));
        // not an admin without the group; with it, an admin
        given().header("Authorization", "Bearer " + token).get("/api/internal/drivers").then().statusCode(403);
        String admin = FakeIdentityProvider.token("svc-ops", FakeIdentityProvider.ISSUER, FakeIdentityProvider.AUDIENCE,
                300, List.of("metagov-admin"));
        given().header("Authorization", "Bearer " + admin).get("/api/internal/drivers").then().statusCode(200);
    }

    @Test
    void aWrongAudienceAnExpiredTokenOrAnotherIssuerIsRefused() {
        for (String token : List.of(
                FakeIdentityProvider.token("svc", FakeIdentityProvider.ISSUER, "another-service", 300, List.of()),
                FakeIdentityProvider.token("svc", FakeIdentityProvider.ISSUER, FakeIdentityProvider.AUDIENCE, -3600,
                        List.of()),
                FakeIdentityProvider.token("svc", "https://idp.test/realms/other", FakeIdentityProvider.AUDIENCE, 300,
                        List.of()))) {
            given().header("Authorization", "Bearer " + token).get("/api/internal/community/idp-1").then()
                    .statusCode(401).body("error", equalTo("unauthorized"));
        }
        // a token signed by the gateway's key but claiming the provider's issuer
        given().header("Authorization", "Bearer " + ownKeyWithProviderIssuer()).get("/api/internal/community/idp-1")
                .then().statusCode(401);
        // the gateway's own tokens keep working beside the provider's
        given().header("Authorization", "Bearer " + TestTokens.admin()).get("/api/internal/drivers").then()
                .statusCode(200);
    }

    private static String ownKeyWithProviderIssuer() {
        org.jose4j.jwt.JwtClaims claims = new org.jose4j.jwt.JwtClaims();
        claims.setIssuer(FakeIdentityProvider.ISSUER);
        claims.setSubject("svc");
        claims.setAudience(FakeIdentityProvider.AUDIENCE);
        claims.setExpirationTimeMinutesInTheFuture(5);
        org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(TestTokens.KEY.getPrivate());
        jws.setKeyIdHeaderValue("idp-key-1");
        jws.setAlgorithmHeaderValue("RS256");
        try {
            return jws.getCompactSerialization();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
