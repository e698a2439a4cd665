package org.metagov.gateway.service;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

import org.metagov.events.ActionReply;
import org.metagov.events.ActionRequest;
import org.metagov.events.EventJson;
import org.metagov.gateway.client.CommunityClient;
import org.metagov.gateway.client.OwnerAnswer;
import org.metagov.gateway.config.OAuthConfig;
import org.metagov.gateway.messaging.ActionRequester;
import org.metagov.gateway.messaging.PluginCatalog;
import org.metagov.web.ApiException;
import org.metagov.web.Caller;
import org.metagov.web.CallerContext;

/**
 * Upstream's OAuth routes ({@code /auth/{plugin}/authorize} and {@code /callback}) without its session: our signed
 * {@code state} carries the install, and the driver is the one whose registered redirect URIs admit
 * {@code redirect_uri} ({@link OAuthDrivers}); nothing is stored at authorize. The platform's half (consent URL,
 * code exchange, ownership checks) runs in plugin-runner, asked over action-requests; the callback then creates
 * the community when needed and enables the plugin <em>as that driver</em>, and redirects as upstream does.
 */
@ApplicationScoped
public class OAuthService {

    static final String AUTHORIZE = "@oauth/authorize";
    static final String CALLBACK = "@oauth/callback";

    private final OAuthStates states;
    private final OAuthDrivers drivers;
    private final PluginCatalog catalog;
    private final CommunityClient communities;
    private final ActionRequester runner;
    private final CallerContext caller;
    private final OAuthConfig config;

    public OAuthService(OAuthStates states, OAuthDrivers drivers, PluginCatalog catalog, CommunityClient communities,
            ActionRequester runner, CallerContext caller, OAuthConfig config) {
        this.states = states;
        this.drivers = drivers;
        this.catalog = catalog;
        this.communities = communities;
        this.runner = runner;
        this.caller = caller;
        this.config = config;
    }

    /** The platform's consent URL to redirect the browser to. */
    public Uni<URI> authorize(String plugin, String type, String community, String redirectUri, String driverState) {
        String kind = type == null || type.isEmpty() ? "app" : type;
        if (!kind.equals("app") && !kind.equals("user")) {
            throw ApiException.badRequest("Parameter 'type' must be 'app' or 'user'");
        }
        requireOAuthPlugin(plugin);
        if (redirectUri == null || !isHttpUrl(redirectUri)) {
            throw ApiException.badRequest("redirect_uri is required: an absolute http(s) URL");
        }
        String driver = drivers.driverFor(redirectUri).orElseThrow(() -> new ApiException(400,
                "redirect_uri_not_registered", "redirect_uri is not under a redirect URI registered by a driver"));
        String slug = kind.equals("app") && community != null && !community.isEmpty() ? community : null;
        caller.set(new Caller(driver, false));
        Uni<Void> owned = slug == null ? Uni.createFrom().voidItem()
                : communities.getCommunity(slug, null).map(answer -> {
                    if (answer.status() != 200) {
                        // another driver's community looks exactly like a missing one
                        throw ApiException.badRequest("No such community: " + slug);
                    }
                    return null;
                });
        return owned.flatMap(x -> {
            String state = states.sign(plugin, kind, slug, redirectUri, driverState, driver);
            ObjectNode parameters = EventJson.MAPPER.createObjectNode().put("type", kind).put("state", state)
                    .put("callback_url", callbackUrl(plugin));
            return ask(plugin, slug, AUTHORIZE, parameters);
        }).map(result -> {
            if (result.hasNonNull("error")) {
                throw new ApiException(502, result.path("error").asText(), result.path("error_description").asText(),
                        List.of(result));
            }
            return URI.create(result.path("url").asText());
        });
    }

    /** Where the browser goes back to: the driver's redirect_uri with upstream's parameters. */
    public Uni<URI> callback(String plugin, Map<String, List<String>> query) {
        String state = first(query, "state");
        OAuthStates.Install install = states.verify(state, plugin, Instant.now());
        if (install == null) {
            // forged, expired or for another plugin: its redirect_uri cannot be trusted, so no redirect
            throw new ApiException(400, "bad_state", "The OAuth state is invalid or expired");
        }
        return communities.useOAuthState(install.nonce(), install.expiresAt()).flatMap(first -> {
            if (!first) {
                throw new ApiException(400, "state_replayed", "The OAuth state was used already");
            }
            caller.set(new Caller(install.driver(), false));
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("state", install.driverState());
            if (install.community() != null) {
                params.put("community", install.community());
            }
            String platformError = first(query, "error");
            if (platformError != null) {
                params.put("error", platformError);
                return Uni.createFrom().item(redirect(install.redirectUri(), params));
            }
            ObjectNode parameters = EventJson.MAPPER.createObjectNode().put("type", install.type())
                    .put("callback_url", callbackUrl(plugin));
            ObjectNode given = parameters.putObject("query");
            query.forEach((k, v) -> {
                if (!k.equals("state") && !v.isEmpty()) {
                    given.put(k, v.get(0));
                }
            });
            return ask(plugin, install.community(), CALLBACK, parameters)
                    .flatMap(result -> complete(plugin, install, result, params));
        });
    }

    private Uni<URI> complete(String plugin, OAuthStates.Install install, JsonNode result, Map<String, Object> params) {
        if (result.hasNonNull("error")) {
            params.put("error", result.path("error").asText());
            params.put("error_description", result.path("error_description").asText(null));
            return Uni.createFrom().item(redirect(install.redirectUri(), params));
        }
        result.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().isArray()
                ? EventJson.MAPPER.convertValue(e.getValue(), List.class) : e.getValue().asText(null)));
        if (install.type().equals("user")) {
            params.remove("community"); // a login enables nothing
            return Uni.createFrom().item(redirect(install.redirectUri(), params));
        }
        Uni<String> community = install.community() != null ? Uni.createFrom().item(install.community())
                : communities.createCommunity(null, "{\"readable_name\": \"\", \"plugins\": []}"
                        .getBytes(StandardCharsets.UTF_8)).map(answer -> slugOf(answer));
        return community.flatMap(slug -> {
            params.put("community", slug);
            byte[] config = EventJson.write(result.path("config")).getBytes(StandardCharsets.UTF_8);
            return communities.enablePlugin(plugin, slug, null, config).flatMap(enabled -> {
                if (enabled.status() != 200 && enabled.status() != 201) {
                    Log.warnf("OAuth install of %s for %s: enabling answered %d", plugin, slug, enabled.status());
                    params.put("error", enabled.status() == 409 ? plugin + "_already_installed" : "server_error");
                    return Uni.createFrom().item(redirect(install.redirectUri(), params));
                }
                String installer = result.path("linked_user").asText(null);
                return (installer == null ? Uni.createFrom().voidItem()
                        : link(slug, plugin, installer, result.path("platform_id").asText(null)))
                        .map(x -> redirect(install.redirectUri(), params));
            });
        });
    }

    /** The installer linked in the identity store (Slack), as upstream does; a failure is logged, not fatal. */
    private Uni<Void> link(String slug, String plugin, String platformUser, String platformId) {
        byte[] create = EventJson.write(Map.of("community_slug", slug)).getBytes(StandardCharsets.UTF_8);
        return communities.identityPost("create_id", null, create).flatMap(created -> {
            JsonNode ids = created.status() == 201 ? EventJson.read(new String(created.body(), StandardCharsets.UTF_8),
                    JsonNode.class) : null;
            if (ids == null || !ids.isArray() || ids.isEmpty()) {
                Log.warnf("OAuth install of %s for %s: no identity for the installer (%d)", plugin, slug,
                        created.status());
                return Uni.createFrom().voidItem();
            }
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("external_id", ids.get(0).asLong());
            account.put("community_slug", slug);
            account.put("platform_type", plugin);
            account.put("platform_identifier", platformUser);
            account.put("community_platform_id", platformId);
            account.put("link_type", "oauth");
            account.put("link_quality", "confirmed (strong)");
            return communities.identityPost("link_account", null, EventJson.write(account)
                    .getBytes(StandardCharsets.UTF_8)).map(linked -> {
                        if (linked.status() != 200) {
                            Log.warnf("OAuth install of %s for %s: linking the installer answered %d", plugin, slug,
                                    linked.status());
                        }
                        return null;
                    });
        });
    }

    private Uni<JsonNode> ask(String plugin, String community, String action, ObjectNode parameters) {
        ActionRequest request = new ActionRequest(UUID.randomUUID().toString(), community, plugin, action, parameters,
                Instant.now().plus(config.runnerTimeout()));
        return runner.call(request).map(reply -> {
            if (reply.outcome() != ActionReply.Outcome.OK || reply.result() == null) {
                throw new ApiException(502, "oauth_failed", "The plugin could not handle the OAuth step: "
                        + reply.message());
            }
            return reply.result();
        });
    }

    private void requireOAuthPlugin(String plugin) {
        boolean oauth = catalog.find(plugin).map(p -> "oauth".equals(p.authTypeOrNone())).orElse(false);
        if (!oauth) {
            throw ApiException.notFound("No such plugin with an OAuth install: " + plugin);
        }
        if (config.publicUrl().filter(u -> !u.isBlank()).isEmpty()) {
            throw new ApiException(503, "oauth_not_configured", "METAGOV_PUBLIC_URL is not set in this deployment");
        }
    }

    private String callbackUrl(String plugin) {
        String base = config.publicUrl().orElse("");
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/auth/" + plugin + "/callback";
    }

    private static String slugOf(OwnerAnswer answer) {
        if (answer.status() != 201) {
            throw new ApiException(502, "oauth_failed", "The community could not be created (" + answer.status() + ")");
        }
        return EventJson.read(new String(answer.body(), StandardCharsets.UTF_8), JsonNode.class).path("slug").asText();
    }

    /** {@code redirect_uri} with the parameters merged into its query (null values left out), as upstream. */
    static URI redirect(String redirectUri, Map<String, Object> params) {
        StringJoiner query = new StringJoiner("&");
        params.forEach((name, value) -> {
            if (value instanceof List<?> values) {
                values.forEach(v -> query.add(enc(name) + "=" + enc(String.valueOf(v))));
            } else if (value != null) {
                query.add(enc(name) + "=" + enc(String.valueOf(value)));
            }
        });
        int hash = redirectUri.indexOf('#');
        String base = hash < 0 ? redirectUri : redirectUri.substring(0, hash);
        String joined = query.length() == 0 ? base : base + (base.contains("?") ? "&" : "?") + query;
        return URI.create(joined);
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
