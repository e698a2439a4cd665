package org.metagov.runner.plugins.tutorial;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.Action;
import org.metagov.sdk.Initiator;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;

/** Seed 001's tutorial plugin, as a Java author writes it. */
@Plugin(name = "tutorial", description = "The plugin of the Metagov plugin tutorial",
        configSchema = "config.schema.json", authType = Plugin.AuthType.API_KEY)
public class TutorialPlugin extends PluginBase {

    @Override
    public void initialize() {
        state().set("foo", "bar");
    }

    /** Seed 001's listener: the platform's post becomes a post_created event for the driver. */
    @WebhookReceiver
    public void receive(WebhookRequest request) {
        JsonNode body = request.json();
        Initiator initiator = new Initiator(body.path("account").asText(null), "identity-provider-key");
        sendEventToDriver("post_created", body.path("data"), initiator);
    }

    @Action(slug = "times-two", description = "Multiplies a number by two",
            inputSchema = "times-two.input.json", outputSchema = "times-two.output.json")
    public JsonNode timesTwo(JsonNode parameters) {
        JsonNode value = parameters.get("value");
        // a whole number stays whole, whichever numeric node the JSON parser chose for it
        if (value.canConvertToExactIntegral() && value.canConvertToLong()) {
            try {
                return Json.object().put("result", Math.multiplyExact(value.asLong(), 2));
            } catch (ArithmeticException overflow) {
                // a whole number written as one must stay exact: past a long it cannot be doubled
                if (value.isIntegralNumber()) {
                    throw cannotDouble(value);
                }
            }
        } else if (value.isIntegralNumber()) {
            throw cannotDouble(value);
        }
        double doubled = value.asDouble() * 2;
        if (!Double.isFinite(doubled)) {
            throw cannotDouble(value);
        }
        return Json.object().put("result", doubled);
    }

    private static PluginException cannotDouble(JsonNode value) {
        return PluginException.badRequest("The value " + value + " is too large to double (whole numbers up to "
                + Long.MAX_VALUE / 2 + ", others up to " + Double.MAX_VALUE / 2 + ")");
    }
}
