package org.metagov.process;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;
import org.metagov.events.PluginDescriptor.ProcessDescriptor;
import org.metagov.events.PluginInstanceState;

/** Catalog and community records as plugin-runner and community-service publish them; the tests play both. */
final class Fixtures {

    /** The runner's own input schema of randomness.delayed-stochastic-vote. */
    static final String VOTE_SCHEMA = """
            {"type": "object",
             "properties": {
               "options": {"type": "array", "items": {"type": "string"}, "minItems": 1},
               "delay": {"type": "number", "minimum": 0}},
             "required": ["options", "delay"]}""";

    static final PluginDescriptor RANDOMNESS = new PluginDescriptor("randomness", "Randomness", json("{}"), List.of(),
            List.of(new ProcessDescriptor("delayed-stochastic-vote", "Random winner after a delay", json(VOTE_SCHEMA),
                    null, true, true, false, 0, true)), false);
    static final PluginDescriptor TUTORIAL = new PluginDescriptor("tutorial", "Seed 001", json("{}"), List.of(),
            List.of(new ProcessDescriptor("my-gov-process", "Seed 001's process",
                    json("{\"type\": \"object\", \"properties\": {\"title\": {\"type\": \"string\", \"default\": \"untitled\"}}}"),
                    null, true, false, true, 0)), true);
    /** A process that completes on its own only: no close(), no update(). */
    static final PluginDescriptor ONEWAY = new PluginDescriptor("oneway", "Closes itself", json("{}"), List.of(),
            List.of(new ProcessDescriptor("auto", "Completes on its own", null, null, false, false, false, 0)), false);

    static final String COMMUNITY = "proc-community";
    static final String OTHER = "proc-other";
    static final String BARE = "proc-bare";

    /** Plays plugin-runner's catalog and community-service's communities on the topics. */
    static void publishCatalogAndCommunities(String bootstrap) {
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
                new org.apache.kafka.clients.producer.KafkaProducer<>(java.util.Map.of("bootstrap.servers", bootstrap),
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.StringSerializer())) {
            for (PluginDescriptor d : List.of(RANDOMNESS, TUTORIAL, ONEWAY)) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        org.metagov.events.Topics.PLUGIN_CATALOG, d.name(), org.metagov.events.EventJson.write(d)));
            }
            for (CommunityState c : communities()) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        org.metagov.events.Topics.COMMUNITIES, c.slug(), org.metagov.events.EventJson.write(c)));
            }
        }
    }

    static List<CommunityState> communities() {
        return List.of(
                community(COMMUNITY, "randomness", "tutorial", "oneway"),
                community(OTHER, "randomness"),
                community(BARE));
    }

    static CommunityState community(String slug, String... plugins) {
        return new CommunityState(slug, slug, "", List.of(plugins).stream()
                .map(p -> new PluginInstanceState(slug + "-" + p, p, json("{}"))).toList(), 1, Instant.now());
    }

    static JsonNode json(String text) {
        return EventJson.read(text, JsonNode.class);
    }

    private Fixtures() {
    }
}
