package org.metagov.community.messaging;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;

/** The plugins plugin-runner hosts, rebuilt from the compacted plugin-catalog topic on every start. */
@ApplicationScoped
public class PluginCatalog {

    private final Map<String, PluginDescriptor> plugins = new ConcurrentHashMap<>();

    @Incoming("catalog")
    public void onDescriptor(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            plugins.remove(record.key());
        } else {
            plugins.put(record.key(), EventJson.read(record.value(), PluginDescriptor.class));
        }
    }

    public Optional<PluginDescriptor> find(String pluginName) {
        return Optional.ofNullable(plugins.get(pluginName));
    }

    public boolean isEmpty() {
        return plugins.isEmpty();
    }
}
