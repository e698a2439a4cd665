package org.metagov.runner.testplugins.linker;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Action;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;

/** A plugin that exists only in tests: links the account its action names to the identity it names. */
@Plugin(name = "linker", description = "Test plugin that links platform accounts to identities")
public class LinkerPlugin extends PluginBase {

    @Action(slug = "link")
    public JsonNode link(JsonNode parameters) {
        identity().linkAccount(parameters.path("external_id").asLong(), "linker",
                parameters.path("platform_identifier").asText(), "team-1", Json.object().put("via", "action"),
                "oauth", "confirmed (weak)");
        return Json.object().put("linked", true);
    }
}
