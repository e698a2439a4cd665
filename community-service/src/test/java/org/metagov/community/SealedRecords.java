package org.metagov.community;

import org.eclipse.microprofile.config.ConfigProvider;
import org.metagov.events.CommunityState;
import org.metagov.events.secrets.PluginSecrets;
import org.metagov.events.secrets.SecretKeys;

/** Community records as plugin-runner sees them: their sealed secrets opened with the test key (libs/testing). */
final class SealedRecords {

    private SealedRecords() {
    }

    static SecretKeys keys() {
        return SecretKeys.of(ConfigProvider.getConfig().getValue("metagov.secrets.key", String.class), null);
    }

    static CommunityState opened(CommunityState state) {
        SecretKeys keys = keys();
        return state.withPlugins(state.plugins().stream().map(p -> PluginSecrets.open(state.slug(), p, keys))
                .toList());
    }
}
