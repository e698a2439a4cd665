package org.metagov.testing;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * For plain JUnit tests (no Quarkus to configure logging): third-party clients at WARN, so a failure stands out.
 * The loggers are kept referenced, or java.util.logging could collect them and forget the level.
 */
public final class QuietLogs {

    private static final List<Logger> QUIETED = List.of("org.apache.kafka", "kafka", "state.change.logger",
            "io.zonky", "org.apache.zookeeper").stream().map(Logger::getLogger).toList();

    private QuietLogs() {
    }

    public static void thirdPartyAtWarn() {
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
    }
}
