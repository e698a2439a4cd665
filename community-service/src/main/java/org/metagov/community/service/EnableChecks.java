package org.metagov.community.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import org.metagov.community.client.PluginRunnerClient;
import org.metagov.community.config.ConfigCheckConfig;
import org.metagov.community.messaging.PluginCatalog;
import org.metagov.community.repository.CommunityEntity;
import org.metagov.community.repository.PluginInstanceEntity;
import org.metagov.community.service.WantedPlugins.WantedPlugin;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;
import org.metagov.web.ApiException;
import org.metagov.web.CallerContext;

/**
 * Before an enable is committed: every new or changed config of a plugin that checks its config
 * ({@code validateConfig}) goes to the runner, all at once, within one budget. A refusal is a 400 naming the
 * plugin and nothing is stored; no verdict in time lets the enable go ahead.
 */
@ApplicationScoped
public class EnableChecks {

    private final PluginRunnerClient runner;
    private final PluginCatalog catalog;
    private final ConfigCheckConfig config;
    private final CallerContext caller;

    public EnableChecks(PluginRunnerClient runner, PluginCatalog catalog, ConfigCheckConfig config,
            CallerContext caller) {
        this.runner = runner;
        this.catalog = catalog;
        this.config = config;
        this.caller = caller;
    }

    Uni<Void> check(String slug, Map<String, WantedPlugin> wanted, CommunityEntity stored) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Optional<String>>> checks = new ArrayList<>();
        for (WantedPlugin plugin : wanted.values()) {
            boolean checking = catalog.find(plugin.name()).map(PluginDescriptor::checksConfig).orElse(false);
            if (checking && !unchanged(plugin, WantedPlugins.instance(stored, plugin.name()))) {
                checks.add(runner.refusal(slug, plugin.name(), plugin.config(), caller.caller(), config.timeout())
                        .map(refusal -> refusal.map(message -> plugin.name() + ": " + message)));
            }
        }
        if (checks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(checks).andFailFast().invoke(results -> {
            List<String> errors = results.stream().flatMap(Optional::stream).toList();
            if (!errors.isEmpty()) {
                throw ApiException.badRequest("Invalid plugin configuration", errors);
            }
        }).replaceWithVoid();
    }

    private static boolean unchanged(WantedPlugin plugin, PluginInstanceEntity stored) {
        return stored != null && plugin.config().equals(EventJson.read(stored.config, JsonNode.class));
    }
}
