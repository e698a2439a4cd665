package org.metagov.community;

import static io.restassured.RestAssured.given;

import org.metagov.web.Caller;
import org.metagov.web.CallerHeader;

import io.restassured.specification.RequestSpecification;

/** Calls as the gateway makes them: with the driver header signed with the test profile's internal key. */
final class Drivers {

    static final String INTERNAL_KEY = "test-internal-key-not-for-production";
    private static final CallerHeader HEADER = new CallerHeader(INTERNAL_KEY);

    private Drivers() {
    }

    static RequestSpecification as(Caller caller) {
        return given().header(CallerHeader.NAME, HEADER.sign(caller));
    }

    static RequestSpecification asAdmin() {
        return as(new Caller("admin", true));
    }
}
