package org.metagov.runner.plugins;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.metagov.sdk.testkit.FakePlatform;
import org.metagov.sdk.testkit.FakePlatform.Reply;
import org.metagov.sdk.testkit.FakePlatform.Responder;

/**
 * Discord as discord.md records it: REST routes checking {@code Authorization: Bot <token>} (else 401 as Discord
 * answers), channels of two guilds, messages with snowflake ids, guild commands (POST creates, PATCH edits, POST on a
 * command's id is 405); and Discord's side of the interactions endpoint, signing {@code timestamp + body} with an
 * Ed25519 key whose public half is given to the plugin in hex.
 */
final class FakeDiscord implements AutoCloseable {

    static final String TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAx.5ecret.bot-token";
    static final String APP = "800000000000000001";
    static final String GUILD = "822222222222222222";
    static final String CHANNEL = "811111111111111111";
    static final String FOREIGN_CHANNEL = "877777777777777777";
    static final String MESSAGE = "912345678901234567";

    final FakePlatform server = FakePlatform.start();
    final String publicKeyHex;
    private final PrivateKey privateKey;
    private final AtomicInteger messages = new AtomicInteger();

    FakeDiscord() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] encoded = pair.getPublic().getEncoded(); // X.509: the raw 32 bytes come last
            publicKeyHex = HexFormat.of().formatHex(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
            privateKey = pair.getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        route("GET", "/channels/" + CHANNEL, r -> Reply.json(200, "{\"id\":\"" + CHANNEL + "\",\"guild_id\":\"" + GUILD
                + "\",\"type\":0,\"name\":\"general\"}"));
        route("GET", "/channels/" + FOREIGN_CHANNEL, r -> Reply.json(200, "{\"id\":\"" + FOREIGN_CHANNEL
                + "\",\"guild_id\":\"833333333333333399\",\"type\":0}"));
        route("POST", "/channels/" + CHANNEL + "/messages", r -> Reply.json(200, "{\"id\":\""
                + (messages.incrementAndGet() == 1 ? MESSAGE : "9123456789012345" + (67 + messages.get()))
                + "\",\"channel_id\":\"" + CHANNEL + "\",\"content\":" + DiscoursePluginTest.read(r.body()).path("content")
                + ",\"components\":" + DiscoursePluginTest.read(r.body()).path("components").toString().replaceFirst("^$", "[]")
                + ",\"author\":{\"id\":\"" + APP + "\",\"username\":\"Metagov\",\"bot\":true},\"type\":0}"));
        route("GET", "/guilds/" + GUILD, r -> Reply.json(200, "{\"id\":\"" + GUILD + "\",\"name\":\"Metagov test\","
                + "\"owner_id\":\"100000000000000001\",\"roles\":[]}"));
        String commands = "/v8/applications/" + APP + "/guilds/" + GUILD + "/commands";
        route("POST", commands, r -> Reply.json(201, "{\"id\":\"833333333333333333\",\"application_id\":\"" + APP
                + "\",\"guild_id\":\"" + GUILD + "\",\"name\":" + DiscoursePluginTest.read(r.body()).path("name")
                + ",\"description\":\"Command\",\"type\":1,\"version\":\"1\"}"));
        route("PATCH", commands + "/833333333333333333", r -> Reply.json(200, "{\"id\":\"833333333333333333\","
                + "\"name\":" + DiscoursePluginTest.read(r.body()).path("name") + ",\"type\":1,\"version\":\"2\"}"));
        route("POST", commands + "/833333333333333333", r -> Reply.json(405,
                "{\"message\":\"405: Method Not Allowed\",\"code\":0}"));
    }

    /** A route answering after Discord's token check. */
    void route(String method, String path, Responder answer) {
        server.respond(method, path, request -> ("Bot " + TOKEN).equals(FakeSlack.header(request, "Authorization"))
                ? answer.answer(request) : Reply.json(401, "{\"message\":\"401: Unauthorized\",\"code\":0}"));
    }

    String url() {
        return server.url();
    }

    List<FakePlatform.Request> calls(String method, String path) {
        return server.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** The headers Discord sends with {@code body}, signed at {@code at} with this fake's key. */
    String[] signed(String body, Instant at) {
        String timestamp = Long.toString(at.getEpochSecond());
        return new String[] {"X-Signature-Ed25519", sign(timestamp + body), "X-Signature-Timestamp", timestamp,
            "User-Agent", "Discord-Interactions/1.0 (+https://discord.com)"};
    }

    String[] signed(String body) {
        return signed(body, Instant.now());
    }

    String sign(String message) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(privateKey);
            ed25519.update(message.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(ed25519.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
