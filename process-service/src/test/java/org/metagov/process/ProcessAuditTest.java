package org.metagov.process;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.metagov.events.AuditEntry;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.testing.TopicContents;
import org.metagov.web.Caller;
import org.metagov.web.CallerHeader;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Process transitions on the audit topic, each with who made it: the start and the close by the driver that called
 * (with the trace id of its request), the completion by no driver (the plugin answered the close).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ProcessAuditTest extends WithTheOtherServices {

    static final String VOTE = "/api/internal/process/randomness.delayed-stochastic-vote";
    static final CallerHeader HEADER = new CallerHeader("test-internal-key-not-for-production");
    static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    /** Driver drv_a as an administrator (the fixture community is local's); it is still drv_a that is recorded. */
    static RequestSpecification asDriverA() {
        return given().header(CallerHeader.NAME, HEADER.sign(new Caller("drv_a", true)))
                .header("X-Metagov-Community", Fixtures.COMMUNITY).contentType(ContentType.JSON);
    }

    @Test
    void startCloseAndCompletionAreAuditedWithTheirDriver() {
        String location = asDriverA().header("traceparent", "00-" + TRACE + "-b7ad6b7169203331-01")
                .body("{\"options\": [\"one\", \"two\"], \"delay\": 60}").post(VOTE)
                .then().statusCode(202).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        asDriverA().delete(location).then().statusCode(200).body("status", equalTo("completed"));

        Map<String, AuditEntry> byKind = await().atMost(Duration.ofSeconds(30)).until(() -> entriesOf(id),
                entries -> entries.size() == 3);
        AuditEntry started = byKind.get(AuditEntry.PROCESS_STARTED);
        assertEquals("drv_a", started.driver());
        assertEquals(Fixtures.COMMUNITY, started.community());
        assertEquals(TRACE, started.traceId());
        assertEquals("randomness.delayed-stochastic-vote", started.details().path("process").asText());
        assertFalse(started.details().has("options"), "the driver's parameters are not recorded");
        AuditEntry closed = byKind.get(AuditEntry.PROCESS_CLOSED);
        assertEquals("drv_a", closed.driver());
        assertEquals(Fixtures.COMMUNITY, closed.community());
        assertNull(closed.traceId(), "the close sent no traceparent");
        AuditEntry completed = byKind.get(AuditEntry.PROCESS_COMPLETED);
        assertNull(completed.driver(), "the plugin completed it, no driver");
        assertFalse(closed.at().isBefore(started.at()));
    }

    /** The audit entries about one process, by kind (each kind once). */
    private Map<String, AuditEntry> entriesOf(String processId) {
        return TopicContents.read(bootstrap, Topics.AUDIT).stream()
                .map(r -> EventJson.read(r.value(), AuditEntry.class))
                .filter(e -> processId.equals(e.subject()))
                .collect(Collectors.toMap(AuditEntry::kind, Function.identity()));
    }
}
