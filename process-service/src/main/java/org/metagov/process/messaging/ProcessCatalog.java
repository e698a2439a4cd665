package org.metagov.process.messaging;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;
import org.metagov.events.PluginDescriptor.ProcessDescriptor;

/** The plugins and their processes, rebuilt from the compacted plugin-catalog topic on every start. */
@ApplicationScoped
public class ProcessCatalog {

    private final Map<String, PluginDescriptor> plugins = new ConcurrentHashMap<>();

    @Incoming("catalog")
    public void onDescriptor(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            plugins.remove(record.key());
            return;
        }
        try {
            plugins.put(record.key(), EventJson.read(record.value(), PluginDescriptor.class));
        } catch (RuntimeException e) {
            Log.errorf("Ignoring an unreadable plugin-catalog record for '%s': %s", record.key(), e.getMessage());
        }
    }

    public Optional<PluginDescriptor> plugin(String name) {
        return Optional.ofNullable(plugins.get(name));
    }

    public Optional<ProcessDescriptor> process(String plugin, String name) {
        PluginDescriptor descriptor = plugins.get(plugin);
        return descriptor == null || descriptor.processes() == null ? Optional.empty()
                : Optional.ofNullable(descriptor.process(name));
    }

    public boolean isEmpty() {
        return plugins.isEmpty();
    }
}
