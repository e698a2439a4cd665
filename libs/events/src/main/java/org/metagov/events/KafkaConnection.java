package org.metagov.events;

import java.util.Map;
import java.util.Properties;

/**
 * The connection and security part of a service's {@code kafka.*} configuration (Quarkus hands it over as the
 * {@code default-kafka-broker} map), for the clients a service builds itself: the admin client that creates topics,
 * the dispatcher's consumers and dead-letter producer. So TLS and SASL/SCRAM set for the channels apply to them too.
 */
public final class KafkaConnection {

    private KafkaConnection() {
    }

    public static Properties properties(Map<String, ?> kafkaConfig) {
        Properties props = new Properties();
        kafkaConfig.forEach((key, value) -> {
            if (value != null && (key.equals("bootstrap.servers") || key.equals("client.dns.lookup")
                    || key.equals("security.protocol") || key.startsWith("ssl.") || key.startsWith("sasl."))) {
                props.put(key, value);
            }
        });
        if (!props.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not set");
        }
        return props;
    }
}
