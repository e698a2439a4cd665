package org.metagov.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.logging.Log;

import org.metagov.events.EventJson;
import org.metagov.gateway.config.OAuthConfig;

/**
 * The {@code state} we send to a platform: what the install is for, signed by us (HMAC-SHA256), with an expiry and
 * a nonce that community-service records as used at the callback. It replaces upstream's session cookie: the
 * callback needs nothing but the state, and a forged, expired or replayed one enables nothing.
 */
@ApplicationScoped
public class OAuthStates {

    /** What an install started with; {@code community} null when the callback is to create one. */
    public record Install(String nonce, String plugin, String type, String community, String redirectUri,
            String driverState, String driver, Instant expiresAt) {
    }

    private final byte[] key;
    private final OAuthConfig config;

    public OAuthStates(OAuthConfig config) {
        this.config = config;
        if (config.stateSecret().filter(s -> !s.isBlank()).isPresent()) {
            this.key = config.stateSecret().get().getBytes(StandardCharsets.UTF_8);
        } else {
            this.key = new byte[32];
            new SecureRandom().nextBytes(key);
            Log.warn("No METAGOV_OAUTH_STATE_SECRET: OAuth states are signed with a random key of this gateway only");
        }
    }

    public String sign(String plugin, String type, String community, String redirectUri, String driverState,
            String driver) {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        Install install = new Install(HexFormat.of().formatHex(nonce), plugin, type, community, redirectUri,
                driverState, driver, Instant.now().plus(config.stateTtl()));
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(EventJson.write(install).getBytes(StandardCharsets.UTF_8));
        return payload + "." + mac(payload);
    }

    /** The install a state was made for, or null when it is forged, malformed, for another plugin or expired. */
    public Install verify(String state, String plugin, Instant now) {
        if (state == null) {
            return null;
        }
        int dot = state.lastIndexOf('.');
        if (dot <= 0 || !MessageDigest.isEqual(mac(state.substring(0, dot)).getBytes(StandardCharsets.US_ASCII),
                state.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        try {
            JsonNode json = EventJson.MAPPER.readTree(Base64.getUrlDecoder().decode(state.substring(0, dot)));
            Install install = EventJson.MAPPER.treeToValue(json, Install.class);
            return plugin.equals(install.plugin()) && now.isBefore(install.expiresAt()) ? install : null;
        } catch (Exception e) {
            return null;
        }
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
