package org.metagov.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Loomio as platforms/loomio.md's checklist describes it, for the stack (LOOMIO_API_BASE_URL): memberships, polls
 * kept in memory, stances and closing cast by the test, each followed by Loomio's 2021 markdown webhook to the
 * gateway. An unknown api_key is answered 403 (CanCan::AccessDenied), as Loomio does.
 */
final class FakeLoomio {

    static final String KEY = "e2e-loomio-api-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, Poll> POLLS = new ConcurrentHashMap<>();
    private static HttpServer server;

    /** One poll: its options in order, and who voted for which. */
    private record Poll(String key, String title, List<String> options, Map<String, String> votes, boolean[] closed) {
    }

    private FakeLoomio() {
    }

    static synchronized String url() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/api/b1/memberships", exchange -> answer(exchange, KEY.equals(query(exchange)
                    .get("api_key")) ? 200 : 403, KEY.equals(query(exchange).get("api_key")) ? MEMBERSHIPS : DENIED));
            server.createContext("/api/b1/polls", FakeLoomio::polls);
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A member's vote, then the {@code stance_created} webhook to the community's Loomio hook. */
    static void vote(String community, String pollKey, String userId, String option) {
        POLLS.get(pollKey).votes().put(userId, option);
        webhook(community, pollKey, "stance_created", "?change_vote=true");
    }

    /** The poll closed by its author, then the {@code poll_closed_by_user} webhook. */
    static void close(String community, String pollKey) {
        POLLS.get(pollKey).closed()[0] = true;
        webhook(community, pollKey, "poll_closed_by_user", "");
    }

    private static void polls(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (exchange.getRequestMethod().equals("POST") && path.equals("/api/b1/polls")) {
            Map<String, List<String>> form = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            if (!List.of(KEY).equals(form.get("api_key"))) {
                answer(exchange, 403, DENIED);
                return;
            }
            String key = "p" + Long.toString(System.nanoTime() % 100_000_000L, 36);
            key = (key + "0000000").substring(0, 8);
            Poll poll = new Poll(key, form.getOrDefault("title", List.of("")).get(0),
                    form.getOrDefault("options[]", List.of()), new LinkedHashMap<>(), new boolean[1]);
            POLLS.put(key, poll);
            answer(exchange, 200, render(poll));
            return;
        }
        Poll poll = POLLS.get(path.substring("/api/b1/polls/".length()));
        if (!KEY.equals(query(exchange).get("api_key"))) {
            answer(exchange, 403, DENIED);
        } else if (poll == null) {
            answer(exchange, 404, "{\"exception\":\"ActiveRecord::RecordNotFound\"}");
        } else {
            answer(exchange, 200, render(poll));
        }
    }

    private static String render(Poll poll) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode p = body.putArray("polls").addObject().put("id", 234203).put("key", poll.key())
                .put("title", poll.title()).put("poll_type", "poll").put("closing_at", "2031-10-01T00:00:00.000Z");
        if (poll.closed()[0]) {
            p.put("closed_at", "2026-12-02T00:00:00.000Z");
        } else {
            p.putNull("closed_at");
        }
        p.put("voters_count", poll.votes().size()).put("undecided_voters_count", 0)
                .put("cast_stances_pct", poll.votes().isEmpty() ? 0 : 100);
        ArrayNode options = body.putArray("poll_options");
        for (int i = 0; i < poll.options().size(); i++) {
            String name = poll.options().get(i);
            ObjectNode scores = JSON.createObjectNode();
            poll.votes().forEach((user, choice) -> {
                if (choice.equals(name)) {
                    scores.put(user, 1);
                }
            });
            options.addObject().put("id", 940800 + i).put("poll_id", 234203).put("name", name).put("priority", i)
                    .put("total_score", scores.size()).set("voter_scores", scores);
        }
        body.putArray("stances");
        body.putObject("meta").put("root", "polls").putNull("total");
        return body.toString();
    }

    private static void webhook(String community, String pollKey, String kind, String suffix) {
        ObjectNode body = JSON.createObjectNode().put("text", "Alice voted").put("username", "Loomio")
                .put("kind", kind).put("url", url() + "/p/" + pollKey + "/the-poll" + suffix)
                .put("group_name", "Metagovernance Project").put("actor_name", "Alice").put("title", "The poll");
        try {
            HttpResponse<Void> response = CLIENT.send(HttpRequest.newBuilder(URI.create(Stack.GATEWAY
                    + "/api/hooks/" + community + "/loomio")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            body.toString())).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("The gateway answered Loomio's webhook " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> values = new LinkedHashMap<>();
        form(exchange.getRequestURI().getRawQuery()).forEach((k, v) -> values.put(k, v.get(0)));
        return values;
    }

    private static Map<String, List<String>> form(String encoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return values;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static final String DENIED = "{\"exception\":\"CanCan::AccessDenied\"}";
    private static final String MEMBERSHIPS = """
            {"memberships":[{"id":1,"group_id":710495,"user_id":879750,"admin":true}],
             "groups":[{"id":710495,"key":"ZrSTqeyG","handle":"e2e-metagov","name":"Metagovernance Project"}],
             "users":[{"id":879750,"name":"Alice","username":"alice"}],"meta":{"root":"memberships","total":1}}""";
}
