package org.metagov.events.secrets;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.events.EventJson;
import org.metagov.events.PluginInstanceState;

/**
 * How a plugin instance's secret config properties travel on the communities topic: taken out of {@code config}
 * into one {@link SecretEnvelope} of their JSON object ({@code sealedSecrets}), bound to the community and the
 * instance id; put back by the one service that holds the key (plugin-runner). Which properties are secret is the
 * sealing service's decision (the plugin's config schema).
 */
public final class PluginSecrets {

    private PluginSecrets() {
    }

    /**
     * The instance with the named properties sealed, or with its whole config sealed when {@code secretNames} is
     * null (the schema is not known, so no property can be told safe). Unchanged when it holds none of them.
     */
    public static PluginInstanceState seal(String community, PluginInstanceState instance,
            Collection<String> secretNames, SecretKeys keys) {
        if (!(instance.config() instanceof ObjectNode config) || instance.sealedSecrets() != null) {
            return instance;
        }
        ObjectNode clear = config.deepCopy();
        ObjectNode secret = EventJson.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = clear.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (secretNames == null || secretNames.contains(field.getKey())) {
                secret.set(field.getKey(), field.getValue());
                it.remove();
            }
        }
        if (secret.isEmpty()) {
            return instance;
        }
        String sealed = SecretEnvelope.seal(keys, EventJson.write(secret), context(community, instance.id()));
        return new PluginInstanceState(instance.id(), instance.name(), clear, instance.number(),
                instance.communityPlatformId(), instance.hookSlug(), sealed);
    }

    /** The instance with its secrets back in {@code config}; as it is when it has none sealed. */
    public static PluginInstanceState open(String community, PluginInstanceState instance, SecretKeys keys) {
        if (instance.sealedSecrets() == null) {
            return instance;
        }
        String json = SecretEnvelope.open(keys, instance.sealedSecrets(), context(community, instance.id()));
        ObjectNode config = instance.config() instanceof ObjectNode o ? o.deepCopy()
                : EventJson.MAPPER.createObjectNode();
        config.setAll(EventJson.read(json, ObjectNode.class));
        return new PluginInstanceState(instance.id(), instance.name(), config, instance.number(),
                instance.communityPlatformId(), instance.hookSlug(), null);
    }

    /** What an envelope is bound to: a record's secrets cannot be replayed into another community or instance. */
    static String context(String community, String instanceId) {
        return "communities/" + community + "/plugins/" + instanceId;
    }
}
