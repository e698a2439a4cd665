package org.metagov.process.messaging;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import io.smallrye.common.annotation.Identifier;


import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.Topics;
import org.metagov.messaging.CompactedTopicCache;
import org.metagov.events.PluginDescriptor;
import org.metagov.events.PluginDescriptor.ProcessDescriptor;

/** The plugins and their processes, rebuilt from the compacted plugin-catalog topic on every start. */
@ApplicationScoped
@Default // injected plainly; @Identifier names it as the channel's rebalance listener
@Identifier("catalog-cache")
public class ProcessCatalog extends CompactedTopicCache<PluginDescriptor> {

    public ProcessCatalog() {
        super(Topics.PLUGIN_CATALOG, PluginDescriptor.class, PluginDescriptor::catalogVersion);
    }

    @Incoming("catalog")
    public void onDescriptor(ConsumerRecord<String, String> record) {
        apply(record);
    }

    public Optional<PluginDescriptor> plugin(String name) {
        return get(name);
    }

    public Optional<ProcessDescriptor> process(String plugin, String name) {
        return get(plugin).filter(d -> d.processes() != null).map(d -> d.process(name));
    }
}
