package org.metagov.gateway;

import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.Topics;
import org.metagov.sdk.Json;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** The tutorial plugin in the catalog and one community enabling it, as the hook and request-line tests need. */
final class TutorialCommunity {

    private TutorialCommunity() {
    }

    static void publish(String bootstrap, String slug, String instanceId) {
        CommunityState community = new CommunityState(slug, slug, "", List.of(new PluginInstanceState(instanceId,
                "tutorial", Json.object().put("api_key", "k"))), 0, Instant.now());
        try (KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            kafka.produceStrings().fromRecords(
                    new ProducerRecord<>(Topics.PLUGIN_CATALOG, "tutorial", ActionApiTest.TUTORIAL),
                    new ProducerRecord<>(Topics.COMMUNITIES, slug, EventJson.write(community))).awaitCompletion();
        }
    }
}
