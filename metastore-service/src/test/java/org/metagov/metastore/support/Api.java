package org.metagov.metastore.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** RestAssured requests as a client sends them. */
public final class Api {

    private Api() {
    }

    /** JSON request with {@code Authorization: Bearer token} (no header when token is null). */
    public static RequestSpecification as(String token) {
        RequestSpecification spec = given().contentType(ContentType.JSON).accept(ContentType.JSON);
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    /** With the all-powerful test token. */
    public static RequestSpecification admin() {
        return as(Tokens.admin());
    }
}
