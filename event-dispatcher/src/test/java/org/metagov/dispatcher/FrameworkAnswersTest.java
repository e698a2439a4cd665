package org.metagov.dispatcher;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.metagov.testing.ErrorContractChecks;
import org.metagov.testing.KafkaTestResource;
import org.metagov.testing.PostgresTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** This service's own framework answers (no route, limits, control characters) carry the JSON error contract. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(ReceiverStub.class)
class FrameworkAnswersTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void frameworkAnswersAreJson() throws Exception {
        ErrorContractChecks.assertFrameworkAnswersAreJson(port);
    }
}
