package org.metagov.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Issue 18's system tests: one hook makes one trace from the gateway through the runner and the dispatcher to the
 * driver's receiver, which gets its traceparent; a process's callback carries the trace of its command and update
 * hops; and every
 * metric the Grafana dashboard and the PrometheusRule name exists in the services' /q/metrics after a short load.
 */
class ObservabilityIT {

    private static final String COMMUNITY = "e2e-observability";
    /** gateway, community, plugin-runner, process, dispatcher: PORT_BASE + 0..4 */
    private static final List<String> SERVICES = List.of("gateway-service", "community-service",
            "plugin-runner-service", "process-service", "event-dispatcher");
    /** Series the dashboard and alerts read from kube-state-metrics, not from our services. */
    private static final String CLUSTER_METRICS = "kube_";

    @BeforeAll
    static void stack() {
        Stack.start();
        RestAssured.baseURI = Stack.GATEWAY;
        given().contentType(ContentType.JSON).body("""
                {"name": "e2e-observability", "readable_name": "", "plugins": [
                  {"name": "tutorial", "config": {"api_key": "k", "webhook_slug": "obs-slug"}},
                  {"name": "randomness", "config": {}}]}""")
                .put("/api/internal/community/" + COMMUNITY).then().statusCode(anyOf(equalTo(201), equalTo(200)));
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> given().header("X-Metagov-Community", COMMUNITY)
                .contentType(ContentType.JSON).body("{\"parameters\": {\"value\": 4}}")
                .post("/api/internal/action/tutorial.times-two").then().statusCode(200));
    }

    @Test
    void oneHookIsOneTraceFromTheGatewayToTheDriversReceiver() {
        String title = "traced " + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("{\"account\": \"alice\", \"data\": {\"title\": \"" + title + "\"}}")
                .post("/api/hooks/" + COMMUNITY + "/tutorial/obs-slug").then().statusCode(200);
        DriverReceiver.Received event = await().atMost(Duration.ofSeconds(30)).until(() -> DriverReceiver.EVENTS
                .stream().filter(e -> title.equals(e.body().path("data").path("title").asText())).findFirst()
                .orElse(null), e -> e != null);

        String traceparent = header(event, "traceparent");
        assertNotNull(traceparent, "the receiver gets the event's traceparent");
        String[] parts = traceparent.split("-");
        assertEquals(4, parts.length, traceparent);
        String traceId = parts[1];
        // the receiver's parent span is the dispatcher's POST, and the trace has spans of the three hops
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<OtlpReceiver.ExportedSpan> spans = OtlpReceiver.ofTrace(traceId);
            Set<String> services = spans.stream().map(OtlpReceiver.ExportedSpan::service).collect(Collectors.toSet());
            assertTrue(services.containsAll(Set.of("gateway-service", "plugin-runner-service", "event-dispatcher")),
                    "services in the trace: " + describe(spans));
            assertTrue(spans.stream().anyMatch(s -> s.spanId().equals(parts[2])
                    && s.service().equals("event-dispatcher")), "the dispatcher's POST span: " + describe(spans));
        });
    }

    @Test
    void aProcessCallbackCarriesTheTraceOfItsStart() {
        String location = given().header("X-Metagov-Community", COMMUNITY).contentType(ContentType.JSON)
                .body("{\"callback_url\": \"" + DriverReceiver.callbackUrl("traced") + "\", "
                        + "\"options\": [\"a\", \"b\"], \"delay\": 0.02}")
                .post("/api/internal/process/randomness.delayed-stochastic-vote").then().statusCode(202)
                .extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        DriverReceiver.Received callback = await().atMost(Duration.ofSeconds(30)).until(() -> DriverReceiver
                .CALLBACKS.stream().filter(c -> id.equals(c.body().path("id").asText())).findFirst().orElse(null),
                c -> c != null);

        String traceparent = header(callback, "traceparent");
        assertNotNull(traceparent, "the callback carries a traceparent");
        String traceId = traceparent.split("-")[1];
        // the command's hop (process-service's outbox to the runner), the runner's process call, its update's hop
        // back (the runner's outbox to process-service) and the callback: one trace. Not yet joined to it: the
        // start request's own HTTP spans (see docs/metrics.md, Traces)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Set<String> spans = OtlpReceiver.ofTrace(traceId).stream().map(s -> s.service() + ":" + s.name())
                    .collect(Collectors.toSet());
            assertTrue(spans.containsAll(Set.of("process-service:process-commands publish",
                    "plugin-runner-service:process-commands process", "plugin-runner-service:process-updates publish",
                    "process-service:process-updates receive")), "spans of the trace: " + spans);
        });
    }

    @Test
    void everyMetricOfTheDashboardAndTheAlertsExistsAfterAShortLoad() throws IOException {
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON).body("{\"account\": \"bob\", \"data\": {\"title\": \"load " + i
                    + "\"}}").post("/api/hooks/" + COMMUNITY + "/tutorial/obs-slug").then().statusCode(200);
            given().header("X-Metagov-Community", COMMUNITY).contentType(ContentType.JSON)
                    .body("{\"parameters\": {\"value\": " + i + "}}")
                    .post("/api/internal/action/tutorial.times-two").then().statusCode(200);
        }
        given().header("X-Metagov-Community", COMMUNITY).contentType(ContentType.JSON)
                .body("{\"options\": [\"a\", \"b\"], \"delay\": 0.02}")
                .post("/api/internal/process/randomness.delayed-stochastic-vote").then().statusCode(202);

        Path k8s = Path.of(System.getProperty("project.root", "..")).resolve("k8s/components/observability");
        Set<String> named = metricNames(Files.readString(k8s.resolve("metagov-dashboard.json"))
                + Files.readString(k8s.resolve("prometheusrule.yaml")));
        named.removeIf(n -> n.startsWith(CLUSTER_METRICS));
        assertTrue(named.size() >= 15, "the dashboard and the alerts name our metrics: " + named);
        // gauges read on an interval (consumer lag every 15 s) show up within one
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            Set<String> exposed = new TreeSet<>();
            for (int i = 0; i < SERVICES.size(); i++) {
                String scrape = given().baseUri("http://localhost:" + (Stack.PORT_BASE + i)).get("/q/metrics")
                        .then().statusCode(200).extract().asString();
                for (String line : scrape.split("\n")) {
                    if (!line.startsWith("#") && !line.isBlank()) {
                        exposed.add(line.split("[{ ]", 2)[0]);
                    }
                }
            }
            Set<String> missing = new TreeSet<>(named);
            missing.removeAll(exposed);
            assertEquals(Set.of(), missing, "named by the dashboard or an alert, exposed by no service");
        });
    }

    /** Metric names in PromQL expressions: our prefixes and the framework's (HTTP server, JVM, Kafka clients). */
    static Set<String> metricNames(String text) {
        Matcher m = Pattern.compile("\\b((?:metagov|http_server|jvm|kafka|kube)_[a-z0-9_]+)\\b").matcher(text);
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String describe(List<OtlpReceiver.ExportedSpan> spans) {
        return spans.stream().map(s -> s.service() + ":" + s.name()).toList().toString();
    }

    private static String header(DriverReceiver.Received received, String name) {
        return received.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
}
