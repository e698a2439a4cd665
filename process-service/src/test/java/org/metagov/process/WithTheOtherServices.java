package org.metagov.process;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.metagov.process.messaging.CommunityDirectory;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * What the process-service tests share: plugin-runner played by {@link FakeRunner}, a driver's callback receiver,
 * and the plugin catalog and communities on their topics. Per test class: up before its first test (the service
 * ready and the communities read), down after its last.
 */
abstract class WithTheOtherServices {

    static FakeRunner runner;
    static WireMockServer receiver;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    CommunityDirectory directory;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
    }

    @AfterAll
    static void stopTheOtherServices() {
        receiver.stop();
        if (runner != null) {
            runner.close();
            runner = null;
        }
    }

    @BeforeEach
    void playTheOtherServices() {
        if (runner != null) {
            return;
        }
        Fixtures.publishCatalogAndCommunities(bootstrap);
        runner = new FakeRunner(bootstrap);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200
                && directory.find(Fixtures.BARE).isPresent());
    }
}
