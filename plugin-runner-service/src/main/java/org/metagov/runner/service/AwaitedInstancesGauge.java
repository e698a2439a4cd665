package org.metagov.runner.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code metagov.instances.awaited}: hooks and process commands that overtook their community's record and wait
 * for its plugin instance. Above zero for long, the communities topic is behind while work queues up behind it.
 */
@ApplicationScoped
public class AwaitedInstancesGauge implements MeterBinder {

    private final PluginInstances instances;

    public AwaitedInstancesGauge(PluginInstances instances) {
        this.instances = instances;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("metagov.instances.awaited", instances, PluginInstances::awaiting)
                .description("Hooks and process commands waiting for their community's plugin instance")
                .register(registry);
    }
}
