package org.metagov.community;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.InstanceReport;
import org.metagov.events.Topics;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;
import org.metagov.testing.PrometheusScrape;
import org.metagov.testing.TopicContents;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** A plugin that learns its community's platform id in initialize() (as Loomio its group) reports it; it sticks. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ReportedPlatformIdTest {

    static final String COMMUNITY = """
            {"readable_name": "Reported", "plugins": [{"name": "tutorial", "config": {"api_key": "k"}}]}""";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaCompanion kafka;

    @BeforeEach
    void publishCatalog() {
        kafka = new KafkaCompanion(bootstrap);
        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "tutorial", Catalog.TUTORIAL),
                new ProducerRecord<>(Topics.PLUGIN_CATALOG, "sourcecred", Catalog.SOURCECRED)).awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    @Test
    void aReportedPlatformIdIsShownPublishedAndKeptByALaterPutOfTheSameConfig() {
        String slug = "reported-1";
        given().body(COMMUNITY).put("/api/internal/community/" + slug).then().statusCode(201);
        long number = given().get("/api/internal/community/" + slug).then().statusCode(200)
                .body("plugins[0].community_platform_id", equalTo(null))
                .extract().jsonPath().getLong("plugins[0].id");
        String instance = latest(slug).plugins().get(0).id();

        report(InstanceReport.platformId(slug, instance, "metagov"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/internal/community/" + slug)
                .then().body("plugins[0].community_platform_id", equalTo("metagov")));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "metagov".equals(latest(slug).plugins().get(0).communityPlatformId()));

        // the driver PUTs the same plugins without the id: the instance, its number and the id stay
        given().body(COMMUNITY).put("/api/internal/community/" + slug).then().statusCode(200)
                .body("plugins[0].community_platform_id", equalTo("metagov"))
                .body("plugins[0].id", equalTo(number));
        assertEquals(instance, latest(slug).plugins().get(0).id(), "not re-created");

        // the same report again (an initialize run again after a crash) changes nothing
        report(InstanceReport.platformId(slug, instance, "metagov"));
        await().atMost(Duration.ofSeconds(20)).until(() -> counted("unchanged") > 0);
    }

    @Test
    void aReportThatContradictsTheConfigOrNamesAGoneInstanceIsCountedAndChangesNothing() {
        String slug = "reported-2";
        given().body("""
                {"plugins": [{"name": "sourcecred", "config": {"server_url": "https://sc.example"}}]}""")
                .put("/api/internal/community/" + slug).then().statusCode(201);
        String instance = latest(slug).plugins().get(0).id();

        report(InstanceReport.platformId(slug, instance, "https://other.example"));
        report(InstanceReport.platformId(slug, "no-such-instance", "x"));
        await().atMost(Duration.ofSeconds(20)).until(() -> counted("contradicts_config") > 0
                && counted("instance_gone") > 0);
        given().get("/api/internal/community/" + slug).then()
                .body("plugins[0].community_platform_id", equalTo("https://sc.example"));
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("metagov_instance_reports_total"));
        assertEquals(1, history(slug).size(), "no new version of the community was published");
    }

    private void report(InstanceReport report) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.INSTANCE_REPORTS, report.community(),
                EventJson.write(report))).awaitCompletion();
    }

    private double counted(String outcome) {
        return PrometheusScrape.sum(given().get("/q/metrics").asString(), "metagov_instance_reports_total",
                "outcome=" + outcome);
    }

    private CommunityState latest(String slug) {
        List<ConsumerRecord<String, String>> records = history(slug);
        return EventJson.read(records.get(records.size() - 1).value(), CommunityState.class);
    }

    private List<ConsumerRecord<String, String>> history(String slug) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !TopicContents.read(bootstrap, Topics.COMMUNITIES).stream()
                .filter(r -> slug.equals(r.key())).toList().isEmpty());
        return TopicContents.read(bootstrap, Topics.COMMUNITIES).stream().filter(r -> slug.equals(r.key())).toList();
    }
}
