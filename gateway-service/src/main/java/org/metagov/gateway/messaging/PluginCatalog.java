package org.metagov.gateway.messaging;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;

/** Every plugin's schemas, actions and processes, rebuilt from the compacted plugin-catalog topic on start. */
@ApplicationScoped
public class PluginCatalog {

    private final Map<String, PluginDescriptor> plugins = new ConcurrentSkipListMap<>();

    @Incoming("catalog")
    public void onDescriptor(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            plugins.remove(record.key());
        } else {
            plugins.put(record.key(), EventJson.read(record.value(), PluginDescriptor.class));
        }
    }

    public Optional<PluginDescriptor> find(String name) {
        return Optional.ofNullable(plugins.get(name));
    }

    public Collection<PluginDescriptor> all() {
        return plugins.values();
    }
}
