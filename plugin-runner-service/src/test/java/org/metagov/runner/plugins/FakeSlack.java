package org.metagov.runner.plugins;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.metagov.sdk.Signatures;
import org.metagov.sdk.testkit.FakePlatform;
import org.metagov.sdk.testkit.FakePlatform.Reply;

/**
 * Slack as slack.md records it: Web API methods under {@code /api} answering {@code 200 {"ok": ...}} (the token
 * from {@code Authorization: Bearer} or the form field {@code token}, else {@code invalid_auth}), channels the bot
 * must have joined ({@code not_in_channel}), permalinks built from {@code ts}, a {@code response_url} recording what
 * it gets; and Slack's side of the hooks: signed Events API and interactivity requests.
 */
final class FakeSlack implements AutoCloseable {

    static final String TOKEN = "xoxb-5ecret-bot-token";
    static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String TEAM = "T0123ABC";

    final FakePlatform server = FakePlatform.start();
    final Set<String> joined = ConcurrentHashMap.newKeySet();
    private final AtomicInteger messages = new AtomicInteger();

    FakeSlack() {
        joined.add("C0177HZTV7X");
        method("conversations.open", form -> "{\"ok\":true,\"channel\":{\"id\":\"D069C7QFK\"}}");
        method("chat.postMessage", form -> !form.containsKey("channel") ? error("channel_not_found")
                : !form.get("channel").startsWith("D") && !joined.contains(form.get("channel")) ? error("not_in_channel")
                : "{\"ok\":true,\"channel\":\"" + form.get("channel") + "\",\"ts\":\"1622820212.00" + (8000
                        + messages.incrementAndGet()) + "\",\"message\":{\"type\":\"message\",\"subtype\":\"bot_message\"}}");
        method("chat.getPermalink", form -> "{\"ok\":true,\"channel\":\"" + form.get("channel")
                + "\",\"permalink\":\"https://acme.slack.com/archives/" + form.get("channel") + "/p"
                + form.get("message_ts").replace(".", "") + "\"}");
        method("chat.postEphemeral", form -> "{\"ok\":true,\"message_ts\":\"1502210682.580145\"}");
        method("chat.update", form -> "{\"ok\":true,\"channel\":\"" + form.get("channel") + "\",\"ts\":\""
                + form.get("ts") + "\",\"text\":\"\"}");
        method("conversations.join", form -> {
            joined.add(form.get("channel"));
            return "{\"ok\":true,\"channel\":{\"id\":\"" + form.get("channel") + "\"}}";
        });
        method("pins.add", form -> joined.contains(form.get("channel")) ? "{\"ok\":true}" : error("not_in_channel"));
        server.respond("POST", "/actions/T0123ABC/1234/AbCdEf", 200, "application/json", new byte[0]);
    }

    /** A Web API method answering from the request's form, after the token check. */
    void method(String name, java.util.function.Function<Map<String, String>, String> answer) {
        server.respond("POST", "/api/" + name, request -> {
            Map<String, String> form = form(request.body());
            String bearer = header(request, "Authorization");
            String token = bearer != null && bearer.startsWith("Bearer ") ? bearer.substring(7) : form.get("token");
            return Reply.json(200, TOKEN.equals(token) ? answer.apply(form) : error("invalid_auth"));
        });
    }

    String apiUrl() {
        return server.url() + "/api";
    }

    String responseUrl() {
        return server.url() + "/actions/T0123ABC/1234/AbCdEf";
    }

    static String error(String code) {
        return "{\"ok\":false,\"error\":\"" + code + "\"}";
    }

    /** The form of the last call of a method. */
    Map<String, String> last(String method) {
        List<FakePlatform.Request> calls = calls(method);
        return form(calls.get(calls.size() - 1).body());
    }

    List<FakePlatform.Request> calls(String method) {
        return server.requests().stream().filter(r -> r.path().equals("/api/" + method)).toList();
    }

    /** Headers Slack sends with a body signed at {@code at}: content type, timestamp, v0 signature. */
    static String[] signed(String body, Instant at, String secret) {
        String timestamp = Long.toString(at.getEpochSecond());
        String signature = "v0=" + HexFormat.of().formatHex(Signatures.hmacSha256(secret,
                ("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
        return new String[] {"X-Slack-Request-Timestamp", timestamp, "X-Slack-Signature", signature,
            "User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)"};
    }

    static String[] signed(String body) {
        return signed(body, Instant.now(), SIGNING_SECRET);
    }

    /** An interactivity body: {@code payload=<url-encoded JSON>}. */
    static String interaction(String payloadJson) {
        return "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8);
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String field : body.split("&")) {
            int eq = field.indexOf('=');
            form.put(URLDecoder.decode(field.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(field.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    static String header(FakePlatform.Request request, String name) {
        return request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    @Override
    public void close() {
        server.close();
    }
}
