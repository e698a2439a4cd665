package org.metagov.runner.plugins.sourcecred;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Action;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.http.PlatformResponse;

/**
 * Reads cred from a SourceCred instance's {@code output/accounts.json}, fetched on every call, matched exactly as
 * Metagov's plugin does (id against alias addresses, then username against identity names, in file order).
 */
@Plugin(name = "sourcecred", description = "Cred scores from a SourceCred instance",
        configSchema = "config.schema.json", platformIdKey = "server_url")
public class SourceCredPlugin extends PluginBase {

    @Action(slug = "user-cred", description = "Total cred of one user, by SourceCred username or platform id",
            inputSchema = "user-cred.input.json", outputSchema = "cred.output.json", isPublic = true)
    public JsonNode userCred(JsonNode parameters) {
        JsonNode accounts = fetchAccounts().path("accounts");
        String username = parameters.hasNonNull("username") ? parameters.get("username").asText() : null;
        String id = parameters.hasNonNull("id") ? parameters.get("id").asText() : null;
        if (username == null && id == null) {
            throw PluginException.badRequest("Either a username or an id argument is required");
        }
        for (JsonNode account : accounts) {
            if (id != null) {
                for (JsonNode alias : account.path("account").path("identity").path("aliases")) {
                    String[] parts = alias.path("address").asText().split("\u0000", -1);
                    if (parts.length >= 2 && parts[parts.length - 2].equals(id)) {
                        return cred(account.path("totalCred").asDouble());
                    }
                }
            }
            if (username != null && username.equals(account.path("account").path("identity").path("name").asText())) {
                return cred(account.path("totalCred").asDouble());
            }
        }
        throw PluginException.badRequest((username != null ? username : id) + " not found in sourcecred instance");
    }

    @Action(slug = "total-cred", description = "Sum of the cred of every account", outputSchema = "cred.output.json",
            isPublic = true)
    public JsonNode totalCred() {
        double total = 0;
        for (JsonNode account : fetchAccounts().path("accounts")) {
            total += account.path("totalCred").asDouble();
        }
        return cred(total);
    }

    private static JsonNode cred(double value) {
        return Json.object().put("value", value);
    }

    /** server_url comes from the community's config, so the call goes through the outbound address policy. */
    private JsonNode fetchAccounts() {
        PlatformResponse response = http().get(config().path("server_url").asText() + "/output/accounts.json");
        if (response.status() == 404) {
            throw PluginException.failure("output/accounts.json not found on the SourceCred instance; "
                    + "run 'yarn sourcecred analysis' there first", null);
        }
        return response.requireSuccess().json();
    }
}
