package org.metagov.runner.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.http.PlatformHttp;

/**
 * Discord's OAuth2 (shared/platforms/discord.md, section 4): {@code bot} scope for an install (the token answer
 * carries the guild), {@code identify guilds} for a login, whose {@code guild[]} lists the installed guilds the
 * user is in.
 */
final class DiscordInstall implements OAuthFlow {

    private final PlatformHttp http;
    private final Supplier<Set<String>> installedGuilds;

    DiscordInstall(PlatformHttp http, Supplier<Set<String>> installedGuilds) {
        this.http = http;
        this.installedGuilds = installedGuilds;
    }

    @Override
    public String plugin() {
        return "discord";
    }

    @Override
    public String authorizeUrl(String type, String state, String callbackUrl, Map<String, String> settings) {
        String scope = "app".equals(type) ? "applications.commands bot identify guilds" : "identify guilds";
        return OAuthFlow.trimmed(settings.getOrDefault("DISCORD_OAUTH_BASE_URL", "https://discordapp.com/api"))
                + "/oauth2/authorize?response_type=code&client_id="
                + enc(OAuthFlow.required(settings, "DISCORD_CLIENT_ID")) + "&scope=" + enc(scope)
                + ("app".equals(type) ? "&permissions=" + enc(settings.getOrDefault("DISCORD_PERMISSIONS", "0")) : "")
                + "&state=" + enc(state) + "&redirect_uri=" + enc(callbackUrl);
    }

    @Override
    public Completed complete(String type, JsonNode query, String callbackUrl, Map<String, String> settings) {
        String oauth = OAuthFlow.trimmed(settings.getOrDefault("DISCORD_OAUTH_BASE_URL", "https://discordapp.com/api"));
        String api = OAuthFlow.trimmed(settings.getOrDefault("DISCORD_API_BASE_URL", "https://discord.com/api"));
        JsonNode token = http.sendForm("POST", oauth + "/oauth2/token", Map.of(
                "client_id", List.of(OAuthFlow.required(settings, "DISCORD_CLIENT_ID")),
                "client_secret", List.of(OAuthFlow.required(settings, "DISCORD_CLIENT_SECRET")),
                "grant_type", List.of("authorization_code"), "code", List.of(query.path("code").asText("")),
                "redirect_uri", List.of(callbackUrl)), Map.of()).requireSuccess().json();
        String accessToken = token.path("access_token").asText("");
        if (accessToken.isEmpty()) {
            throw new Refused("discord_" + token.path("error").asText("token_refused"),
                    "Discord refused the authorization code");
        }
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + accessToken);
        JsonNode me = http.get(api + "/users/@me", bearer).requireSuccess().json();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("user_id", me.path("id").asText());
        params.put("user_token", accessToken);
        if ("user".equals(type)) {
            Set<String> installed = installedGuilds.get();
            List<String> guilds = new ArrayList<>();
            for (JsonNode guild : http.get(api + "/users/@me/guilds", bearer).requireSuccess().json()) {
                if (installed.contains(guild.path("id").asText())) {
                    guilds.add(guild.path("id").asText() + ":" + guild.path("name").asText());
                }
            }
            params.put("guild[]", guilds);
            return new Completed(null, null, params, null);
        }
        JsonNode guild = token.path("guild");
        if (!guild.hasNonNull("id")) {
            throw new Refused("discord_no_guild", "Discord did not say which guild the bot was added to");
        }
        params.put("guild_id", guild.path("id").asText());
        ObjectNode config = Json.object().put("guild_id", guild.path("id").asText())
                .put("guild_name", guild.path("name").asText());
        return new Completed(config, guild.path("id").asText(), params, null);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
