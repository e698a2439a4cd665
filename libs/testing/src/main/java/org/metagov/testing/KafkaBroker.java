package org.metagov.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/** A real single-node KRaft Kafka broker in this JVM, tuned to start fast and stay small. */
public final class KafkaBroker {

    private KafkaBroker() {
    }

    public static EmbeddedKafkaBroker start(int port, Path logDir) throws Exception {
        QuietLogs.thirdPartyAtWarn();
        Files.createDirectories(logDir);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaPort(port)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(p -> {
                    p.put("log.dirs", logDir.toString());
                    p.put("offsets.topic.num.partitions", "1");
                    p.put("offsets.topic.replication.factor", "1");
                    p.put("transaction.state.log.replication.factor", "1");
                    p.put("transaction.state.log.min.isr", "1");
                    p.put("group.initial.rebalance.delay.ms", "0");
                    p.put("num.partitions", "6");
                    p.put("auto.create.topics.enable", "true");
                    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
                    p.put("num.network.threads", "2");
                    p.put("num.io.threads", "2");
                });
        return broker.start();
    }
}
