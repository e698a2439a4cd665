package org.metagov.testing;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The broker's, the database's and their clients' loggers at WARN, so a failure stands out: for plain JUnit tests (no
 * Quarkus to configure logging), and for the broker and database that a Quarkus test resource starts before the
 * application and its configuration ({@code META-INF/microprofile-config.properties} of this module) are up.
 * The loggers are kept referenced, or java.util.logging could collect them and forget the level.
 */
public final class QuietLogs {

    private static final List<Logger> AT_WARN = List.of("org.apache.kafka", "kafka", "state.change.logger",
            "io.zonky", "io.smallrye.reactive.messaging.kafka").stream().map(Logger::getLogger).toList();
    /**
     * Clients retry a broker that a test stopped before them, and partitions whose leader a fresh broker is still
     * electing; a fresh broker warns that its metadata log is empty.
     */
    private static final List<Logger> AT_ERROR = List.of("org.apache.kafka.clients.NetworkClient",
            "org.apache.kafka.clients.producer.internals.Sender", "org.apache.kafka.controller.QuorumController")
            .stream().map(Logger::getLogger).toList();

    private QuietLogs() {
    }

    public static void thirdPartyAtWarn() {
        AT_WARN.forEach(logger -> logger.setLevel(Level.WARNING));
        AT_ERROR.forEach(logger -> logger.setLevel(Level.SEVERE));
    }
}
