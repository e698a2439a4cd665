package org.metagov.gateway.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import org.metagov.gateway.client.CommunityClient;
import org.metagov.gateway.client.DependencyFailure;
import org.metagov.gateway.client.OwnerAnswer;
import org.metagov.web.CallerContext;

/**
 * Driver accounts: community-service owns them (and checks the caller is an admin too); the gateway, which holds the
 * signing key, turns the account community-service answers a create or an issue with (its id and current
 * generation) into a token, shown once: {@code {"id", "name", "redirect_uris", "token"}}.
 */
@ApplicationScoped
public class DriverAccounts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommunityClient community;
    private final DriverTokens tokens;
    private final CallerContext caller;

    public DriverAccounts(CommunityClient community, DriverTokens tokens, CallerContext caller) {
        this.community = community;
        this.tokens = tokens;
        this.caller = caller;
    }

    public Uni<OwnerAnswer> create(byte[] body) {
        return adminWithSigningKey().chain(() -> community.createDriver(body)).map(answer -> withToken(answer, 201));
    }

    public Uni<OwnerAnswer> list(MultivaluedMap<String, String> query) {
        return adminOnly().chain(() -> community.listDrivers(query));
    }

    public Uni<OwnerAnswer> get(String id) {
        return adminOnly().chain(() -> community.getDriver(id));
    }

    public Uni<OwnerAnswer> patch(String id, byte[] body) {
        return adminOnly().chain(() -> community.patchDriver(id, body));
    }

    public Uni<OwnerAnswer> delete(String id) {
        return adminOnly().chain(() -> community.deleteDriver(id));
    }

    public Uni<OwnerAnswer> revokeTokens(String id) {
        return adminOnly().chain(() -> community.revokeDriverTokens(id));
    }

    public Uni<OwnerAnswer> issueToken(String id) {
        return adminWithSigningKey().chain(() -> community.issueDriverToken(id)).map(answer -> withToken(answer, 201));
    }

    /** The account with its new {@code callback_secret}, shown once. */
    public Uni<OwnerAnswer> newCallbackSecret(String id) {
        return adminOnly().chain(() -> community.newDriverCallbackSecret(id));
    }

    private Uni<Void> adminOnly() {
        return Uni.createFrom().item(() -> {
            caller.requireAdmin();
            return null;
        });
    }

    /** 403 before anything is sent unless the caller is an admin; 503 when no token could be signed. */
    private Uni<Void> adminWithSigningKey() {
        return Uni.createFrom().item(() -> {
            caller.requireAdmin();
            tokens.requireSigningKey();
            return null;
        });
    }

    private OwnerAnswer withToken(OwnerAnswer answer, int status) {
        if (answer.status() / 100 != 2) {
            return answer;
        }
        try {
            JsonNode account = JSON.readTree(answer.body());
            String id = account.path("id").asText(null);
            if (id == null || !account.path("generation").canConvertToLong()) {
                throw DependencyFailure.badAnswer(CommunityClient.SERVICE, answer.status());
            }
            ObjectNode shown = JSON.createObjectNode();
            shown.put("id", id);
            shown.set("name", account.path("name"));
            shown.set("redirect_uris", account.path("redirect_uris"));
            shown.put("token", tokens.mint(id, account.path("generation").asLong(), false));
            if (account.hasNonNull("callback_secret")) { // made at creation, shown this once
                shown.set("callback_secret", account.get("callback_secret"));
            }
            return new OwnerAnswer(status, MediaType.APPLICATION_JSON, answer.location(), null,
                    JSON.writeValueAsString(shown).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw DependencyFailure.badAnswer(CommunityClient.SERVICE, answer.status());
        }
    }
}
