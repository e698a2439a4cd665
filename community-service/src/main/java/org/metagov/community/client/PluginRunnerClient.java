package org.metagov.community.client;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import org.metagov.sdk.Json;
import org.metagov.web.Caller;
import org.metagov.web.CallerConfig;
import org.metagov.web.CallerHeader;

/**
 * Asks plugin-runner whether a plugin accepts a config. Only a refusal counts: the runner down, slow or failing
 * gives {@link Optional#empty()} (logged), so an enable never waits on the runner for longer than the budget.
 */
@ApplicationScoped
public class PluginRunnerClient {

    private final PluginRunnerRestClient runner;
    private final CallerHeader header;

    public PluginRunnerClient(@RestClient PluginRunnerRestClient runner, CallerConfig caller) {
        this.runner = runner;
        this.header = caller.internalKey().filter(k -> !k.isBlank()).map(CallerHeader::new).orElse(null);
    }

    /** The plugin's reason for refusing {@code config}, or empty when it accepted it or gave no verdict in time. */
    public Uni<Optional<String>> refusal(String community, String plugin, ObjectNode config, Caller caller,
            Duration budget) {
        ObjectNode body = Json.object().put("community", community);
        body.set("config", config);
        return runner.check(plugin, header == null ? null : header.sign(caller), body)
                .ifNoItem().after(budget).fail()
                .map(PluginRunnerClient::refusalIn)
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("No config check of %s for community %s (the enable goes ahead): %s", plugin,
                            community, failure.getClass().getSimpleName());
                    return Optional.empty();
                });
    }

    private static Optional<String> refusalIn(JsonNode answer) {
        String verdict = answer.path("verdict").asText();
        if ("refused".equals(verdict)) {
            return Optional.of(answer.path("message").asText("The plugin refused the config"));
        }
        if (!"accepted".equals(verdict)) {
            Log.infof("The config check gave no verdict: %s", answer.path("message").asText(""));
        }
        return Optional.empty();
    }
}
