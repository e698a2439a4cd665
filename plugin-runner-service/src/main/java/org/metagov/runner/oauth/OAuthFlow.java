package org.metagov.runner.oauth;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One platform's OAuth install and login, as upstream's plugin auth handlers: the consent URL, and what the
 * platform's answer at the callback makes of it. The gateway keeps the browser side (state, redirects); this is
 * the part that needs the app's client secret and the platform.
 */
interface OAuthFlow {

    String plugin();

    /** Where the browser is sent for consent; {@code state} is ours, {@code callbackUrl} our callback. */
    String authorizeUrl(String type, String state, String callbackUrl, Map<String, String> settings);

    /** The install or login the platform answered at the callback ({@code query}: its query parameters). */
    Completed complete(String type, JsonNode query, String callbackUrl, Map<String, String> settings);

    /**
     * {@code config}: the plugin's config for an app install (tokens as secrets), null for a login;
     * {@code platformId} the community's id on the platform; {@code params} what the driver's redirect gets;
     * {@code linkedUser}: the installer to link in the identity store (Slack), or null.
     */
    record Completed(ObjectNode config, String platformId, Map<String, Object> params, String linkedUser) {
    }

    /** A refusal with upstream's error code ({@code slack_installer_is_not_admin}...), for the driver's redirect. */
    final class Refused extends RuntimeException {
        final String code;

        Refused(String code, String description) {
            super(description);
            this.code = code;
        }
    }

    static String required(Map<String, String> settings, String name) {
        String value = settings.get(name);
        if (value == null || value.isBlank()) {
            throw new Refused("server_error", "The setting " + name + " is not set in this deployment");
        }
        return value;
    }

    static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
