package org.metagov.runner.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

import org.metagov.plugin.model.PluginType;
import org.metagov.runner.messaging.CatalogPublisher;

/** Publishes every hosted plugin (with its processes) to the catalog when the runner starts. */
@ApplicationScoped
public class CatalogAtStart {

    private final PluginRegistry registry;
    private final CatalogPublisher catalog;

    public CatalogAtStart(PluginRegistry registry, CatalogPublisher catalog) {
        this.registry = registry;
        this.catalog = catalog;
    }

    // default priority: after libs/messaging's TopicSetup (10) and once the emitters are wired
    void onStart(@Observes StartupEvent event) {
        catalog.publish(registry.all().stream().map(PluginType::descriptor).toList());
        Log.infof("Published %d plugins to the catalog", registry.all().size());
    }
}
