package org.metagov.runner.service;

import java.util.Optional;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.logging.Log;

import org.metagov.plugin.model.PluginType;
import org.metagov.runner.config.RunnerConfig;
import org.metagov.runner.service.PluginThreads.PluginFailure;
import org.metagov.runner.service.PluginThreads.Pool;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginException;

/**
 * Runs a plugin's {@code validateConfig} on a config community-service is about to enable: on a new plugin object
 * bound to the candidate config (no instance), on a plugin thread, within {@code runner.config-check-timeout}.
 */
@ApplicationScoped
public class ConfigChecks {

    /**
     * What the check found: accepted, refused with the plugin's reason (the driver gets a 400), or unanswered (no
     * verdict in time, or the platform failed: the enable goes ahead).
     */
    public record Verdict(Kind kind, String message) {
        public enum Kind {
            ACCEPTED, REFUSED, UNANSWERED
        }

        static Verdict accepted() {
            return new Verdict(Kind.ACCEPTED, null);
        }
    }

    private final PluginRegistry registry;
    private final PluginContexts contexts;
    private final PluginThreads threads;
    private final RunnerConfig config;

    public ConfigChecks(PluginRegistry registry, PluginContexts contexts, PluginThreads threads, RunnerConfig config) {
        this.registry = registry;
        this.contexts = contexts;
        this.threads = threads;
        this.config = config;
    }

    /** Empty when the runner hosts no such plugin. */
    public Optional<Verdict> check(String community, String pluginName, JsonNode candidate) {
        Optional<PluginType> type = registry.find(pluginName);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        if (!type.get().descriptor().checksConfig()) {
            return Optional.of(Verdict.accepted());
        }
        Instance.Handle<? extends PluginBase> handle = registry.create(type.get());
        try {
            PluginBase plugin = handle.get();
            plugin.bind(contexts.candidate(community, pluginName, candidate));
            threads.call(Pool.ACTIONS, () -> {
                plugin.validateConfig(candidate);
                return null;
            }, config.configCheckTimeout());
            return Optional.of(Verdict.accepted());
        } catch (TimeoutException e) {
            return Optional.of(new Verdict(Verdict.Kind.UNANSWERED, "The check did not finish within "
                    + config.configCheckTimeout().toMillis() + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Verdict(Verdict.Kind.UNANSWERED, "The runner is shutting down"));
        } catch (PluginFailure e) {
            return Optional.of(verdict(community, pluginName, e.getCause()));
        } finally {
            handle.destroy();
        }
    }

    private static Verdict verdict(String community, String pluginName, Throwable cause) {
        if (cause instanceof PluginException pe && pe.isCallerFault()) {
            return new Verdict(Verdict.Kind.REFUSED, pe.getMessage());
        }
        // the platform failing or timing out says nothing about the config: the enable goes ahead
        Log.warnf("The config check of %s for community %s could not decide: %s", pluginName, community,
                cause instanceof PluginException ? cause.getMessage() : cause.getClass().getSimpleName());
        return new Verdict(Verdict.Kind.UNANSWERED, cause instanceof PluginException pe ? pe.getMessage()
                : "The check failed: " + cause.getClass().getSimpleName());
    }
}
