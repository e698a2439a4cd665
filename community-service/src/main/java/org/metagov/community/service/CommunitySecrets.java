package org.metagov.community.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

import org.metagov.community.config.SecretsConfig;
import org.metagov.community.messaging.PluginCatalog;
import org.metagov.events.CommunityState;
import org.metagov.events.secrets.PluginSecrets;
import org.metagov.events.secrets.SecretKeys;
import org.metagov.sdk.schema.JsonSchemas;

/**
 * Seals the secret config properties (the plugin's schema marks them {@code writeOnly}) of every record this service
 * puts on the communities topic, under {@code METAGOV_SECRETS_KEY}; only plugin-runner opens them. A plugin missing
 * from the catalog has its whole config sealed: without its schema no property can be told safe.
 */
@ApplicationScoped
public class CommunitySecrets {

    private final SecretKeys keys;
    private final PluginCatalog catalog;

    public CommunitySecrets(SecretsConfig config, PluginCatalog catalog) {
        this.keys = SecretKeys.of(config.key().orElse(null), config.previousKeys().orElse(null));
        this.catalog = catalog;
    }

    // a missing or malformed key stops the start, rather than the first write
    void onStart(@Observes StartupEvent event) {
        Log.infof("Plugin secrets on the communities topic are sealed with key %s", keys.currentId());
    }

    /** The id of the key records are sealed with now; a community published under another is published again. */
    public String keyId() {
        return keys.currentId();
    }

    public CommunityState seal(CommunityState state) {
        return state.withPlugins(state.plugins().stream()
                .map(p -> PluginSecrets.seal(state.slug(), p, catalog.find(p.name())
                        .map(d -> JsonSchemas.secretProperties(d.configSchema())).orElse(null), keys))
                .toList());
    }
}
