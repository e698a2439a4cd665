package org.metagov.gateway.messaging;

import java.util.Collection;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.PluginDescriptor;
import org.metagov.events.Topics;
import org.metagov.messaging.CompactedTopicCache;

/** Every plugin's schemas, actions and processes, rebuilt from the compacted plugin-catalog topic on start. */
@ApplicationScoped
@Default // injected plainly; @Identifier names it as the channel's rebalance listener
@Identifier("catalog-cache")
public class PluginCatalog extends CompactedTopicCache<PluginDescriptor> {

    public PluginCatalog() {
        super(Topics.PLUGIN_CATALOG, PluginDescriptor.class, PluginDescriptor::catalogVersion);
    }

    @Incoming("catalog")
    public void onDescriptor(ConsumerRecord<String, String> record) {
        apply(record);
    }

    public Optional<PluginDescriptor> find(String name) {
        return get(name);
    }

    public Collection<PluginDescriptor> all() {
        return values();
    }
}
