package org.metagov.runner.testplugins.platformcall;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Action;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;

/**
 * A plugin that exists only in tests: one action that calls its platform ({@code server_url}) with its secret
 * token ({@code writeOnly} in its schema, so it travels sealed) as a bearer token, and answers what the platform
 * said. A platform that hangs holds the action's thread.
 */
@Plugin(name = "platform-call", description = "Test plugin that calls its platform with its secret",
        configSchema = "config.schema.json")
public class PlatformCallPlugin extends PluginBase {

    @Action(slug = "status")
    public JsonNode status() {
        return http().get(config().path("server_url").asText() + "/status",
                Map.of("Authorization", "Bearer " + config().path("token").asText())).requireSuccess().json();
    }
}
