package org.metagov.runner.messaging;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;

/** Puts plugin descriptors on the compacted plugin-catalog topic, keyed by plugin name, stamped with this build. */
@ApplicationScoped
public class CatalogPublisher {

    private final MutinyEmitter<Record<String, String>> catalog;

    public CatalogPublisher(@Channel("catalog-out") MutinyEmitter<Record<String, String>> catalog) {
        this.catalog = catalog;
    }

    public void publish(Collection<PluginDescriptor> plugins) {
        for (PluginDescriptor plugin : plugins) {
            // the emitter buffers until Kafka is reachable, so a late broker delays the catalog, not the start
            catalog.sendAndForget(Record.of(plugin.name(), EventJson.write(CatalogVersion.stamp(plugin))));
        }
    }
}
