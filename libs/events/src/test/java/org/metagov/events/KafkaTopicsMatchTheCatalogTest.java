package org.metagov.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Strimzi's KafkaTopic resources in k8s/ say what the topic catalog says: the same topics, partitions (for the
 * default {@code metagov.topics.partitions}), cleanup policy, retention and max.message.bytes, and each names the
 * Kafka cluster. (The rest of k8s/ is checked by k8s/validate.sh.)
 */
class KafkaTopicsMatchTheCatalogTest {

    private static final Path TOPICS_YAML = Path.of("../../k8s/base/kafka/topics.yaml");
    private static final int DEFAULT_PARTITIONS = 6;

    @Test
    void everyCatalogTopicHasAKafkaTopicWithItsSettingsAndThereAreNoOthers() throws IOException {
        Map<String, JsonNode> declared = kafkaTopics();
        assertEquals(new TreeSet<>(Topics.ALL.stream().map(Topics.Spec::name).toList()),
                new TreeSet<>(declared.keySet()), "topics in k8s/base/kafka/topics.yaml vs the catalog");
        for (Topics.Spec spec : Topics.ALL) {
            JsonNode topic = declared.get(spec.name());
            String where = "KafkaTopic " + spec.name() + ": ";
            assertEquals(spec.partitions(DEFAULT_PARTITIONS), topic.at("/spec/partitions").asInt(), where + "partitions");
            assertEquals("metagov", topic.at("/metadata/labels/strimzi.io~1cluster").asText(), where + "cluster label");
            Map<String, String> expected = TopicInitializer.configs(spec, RecordLimits.defaults());
            JsonNode config = topic.at("/spec/config");
            for (Map.Entry<String, String> setting : expected.entrySet()) {
                assertEquals(setting.getValue(), config.path(setting.getKey()).asText(null),
                        where + setting.getKey());
            }
        }
    }

    private static Map<String, JsonNode> kafkaTopics() throws IOException {
        assertNotNull(Files.exists(TOPICS_YAML) ? TOPICS_YAML : null, "k8s/base/kafka/topics.yaml is missing");
        Map<String, JsonNode> topics = new HashMap<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(TOPICS_YAML.toFile())) {
            for (JsonNode doc : List.copyOf(docs.readAll())) {
                if ("KafkaTopic".equals(doc.path("kind").asText())) {
                    topics.put(doc.at("/spec/topicName").asText(), doc);
                }
            }
        }
        return topics;
    }
}
