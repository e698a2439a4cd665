package org.metagov.runner.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

import org.metagov.events.CommunityState;
import org.metagov.events.secrets.PluginSecrets;
import org.metagov.events.secrets.SecretEnvelope.UnopenableSecret;
import org.metagov.events.secrets.SecretKeys;
import org.metagov.runner.config.SecretsConfig;

/**
 * Opens the sealed secrets of community records (community-service seals every {@code writeOnly} config property)
 * so plugin instances get their whole config. The runner is the only service holding the key. A record sealed
 * under a key it lacks is not applied (the instances keep what they had): logged with the key id, counted in
 * {@code metagov_secrets_unopenable_total}, never with any secret.
 */
@ApplicationScoped
public class InstanceSecrets {

    private final SecretKeys keys;
    private final MeterRegistry metrics;

    public InstanceSecrets(SecretsConfig config, MeterRegistry metrics) {
        this.keys = SecretKeys.of(config.key().orElse(null), config.previousKeys().orElse(null));
        this.metrics = metrics;
    }

    // a missing or malformed key stops the start, not the first community
    void onStart(@Observes StartupEvent event) {
        Log.infof("Plugin secrets are opened with keys %s", keys.ids());
    }

    /** The state with every instance's secrets back in its config, or null when one cannot be opened. */
    public CommunityState open(CommunityState state) {
        try {
            return state.withPlugins(state.plugins().stream().map(p -> PluginSecrets.open(state.slug(), p, keys))
                    .toList());
        } catch (UnopenableSecret e) {
            metrics.counter("metagov.secrets.unopenable").increment();
            Log.errorf("Community %s (version %d) not applied: %s. Give the runner that key in"
                    + " METAGOV_SECRETS_KEY_PREVIOUS", state.slug(), state.version(), e.getMessage());
            return null;
        }
    }
}
