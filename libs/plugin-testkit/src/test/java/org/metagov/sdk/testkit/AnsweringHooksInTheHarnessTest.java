package org.metagov.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.WebhookVerificationException;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;

/** Answering receivers in the harness: routed as the runner routes them, with or without an instance. */
class AnsweringHooksInTheHarnessTest {

    /** Checks an app-wide secret, answers pings itself, leaves clicks to its processes. */
    @Plugin(name = "answering", configSchema = "answering.config.json", platformIdKey = "team")
    public static class AnsweringPlugin extends PluginBase {
        @Override
        public String platformIdOf(WebhookRequest request) {
            return request.json().path("team").asText("");
        }

        @WebhookReceiver(answers = true)
        public WebhookResponse receive(WebhookRequest request) {
            if (!setting("APP_SECRET").orElse("").equals(request.header("X-Secret"))) {
                throw new WebhookVerificationException("bad secret");
            }
            JsonNode body = request.json();
            return switch (body.path("type").asText()) {
                case "ping" -> WebhookResponse.text(200, hasInstance() ? "pong from " + community()
                        : "pong, config " + config() + ", community " + community());
                case "event" -> {
                    sendEventToDriver("seen", body, null);
                    yield null;
                }
                case "state" -> WebhookResponse.text(200, String.valueOf(state().get("x")));
                default -> null; // clicks: the pending processes answer
            };
        }
    }

    /** Answers the clicks of its own message only; overrides answerWebhook alone. */
    @GovernanceProcess(name = "clicks")
    public static class Clicks extends ProcessBase<AnsweringPlugin> {
        @Override
        public void start(JsonNode parameters) {
            state().set("message", parameters.path("message").asText());
            setOutcome(Json.object().put("clicks", 0));
        }

        @Override
        public WebhookResponse answerWebhook(WebhookRequest webhook) {
            JsonNode body = webhook.json();
            if (!body.path("message").asText().equals(state().get("message").asText())) {
                return null;
            }
            int clicks = outcome().path("clicks").asInt() + 1;
            setOutcome(Json.object().put("clicks", clicks));
            return WebhookResponse.json(200, Json.object().put("type", 7).put("clicks", clicks));
        }

        @Override
        public void close() {
            complete(outcome());
        }
    }

    @Plugin(name = "wrong-answering")
    public static class VoidAnswering extends PluginBase {
        @WebhookReceiver(answers = true)
        public void receive(WebhookRequest request) {
        }
    }

    @Plugin(name = "fire-and-forget")
    public static class FireAndForget extends PluginBase {
        @WebhookReceiver
        public void receive(WebhookRequest request) {
        }
    }

    static PluginHarness<AnsweringPlugin> instance() {
        return PluginHarness.of(AnsweringPlugin.class).setting("APP_SECRET", "s3cret").config("{\"team\":\"T1\"}")
                .start();
    }

    static String text(WebhookResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void withoutAnyInstanceTheReceiverAnswersWithNoCommunityConfigOrState() {
        PluginHarness<AnsweringPlugin> app = PluginHarness.of(AnsweringPlugin.class).setting("APP_SECRET", "s3cret")
                .startWithoutInstance();
        WebhookResponse pong = app.answer("application/json", "{\"type\":\"ping\"}", "X-Secret", "s3cret");
        assertEquals(200, pong.status());
        assertEquals("pong, config {}, community null", text(pong));
        IllegalStateException noState = assertThrows(IllegalStateException.class,
                () -> app.answer("application/json", "{\"type\":\"state\",\"team\":\"T1\"}", "X-Secret", "s3cret"));
        assertTrue(noState.getMessage().contains("without an instance"), noState.getMessage());
        assertThrows(IllegalStateException.class, () -> app.act("any", "{}"));
    }

    @Test
    void aHookIsRoutedByItsPlatformIdToTheInstanceOrToNone() {
        PluginHarness<AnsweringPlugin> app = instance();
        assertEquals("pong from test-community",
                text(app.answer("application/json", "{\"type\":\"ping\",\"team\":\"T1\"}", "X-Secret", "s3cret")));
        assertEquals("pong, config {}, community null",
                text(app.answer("application/json", "{\"type\":\"ping\",\"team\":\"T2\"}", "X-Secret", "s3cret")),
                "another team's hook runs without this instance");
        WebhookResponse empty = app.answer("application/json", "{\"type\":\"event\",\"team\":\"T1\"}",
                "X-Secret", "s3cret");
        assertEquals(200, empty.status());
        assertEquals(0, empty.body().length, "no answer: 200 with no body");
        assertEquals("seen", app.events().get(0).eventType());
    }

    @Test
    void aPendingProcessAnswersWhatTheReceiverLeftUnanswered() {
        PluginHarness<AnsweringPlugin> app = instance();
        TestProcess<Clicks> first = app.startProcess(Clicks.class, "{\"message\":\"m1\"}");
        TestProcess<Clicks> second = app.startProcess(Clicks.class, "{\"message\":\"m2\"}");
        WebhookResponse answer = app.answer("application/json", "{\"type\":\"click\",\"team\":\"T1\",\"message\":\"m2\"}",
                "X-Secret", "s3cret");
        assertEquals("{\"type\":7,\"clicks\":1}", text(answer));
        assertEquals("application/json", answer.contentType());
        assertEquals(0, first.outcome().path("clicks").asInt());
        assertEquals(1, second.outcome().path("clicks").asInt());

        second.close();
        assertEquals(0, app.answer("application/json", "{\"type\":\"click\",\"team\":\"T1\",\"message\":\"m2\"}",
                "X-Secret", "s3cret").body().length, "a completed process answers no more");
        assertEquals(0, app.answer("application/json", "{\"type\":\"click\",\"team\":\"T2\",\"message\":\"m1\"}",
                "X-Secret", "s3cret").body().length, "nor do processes of an instance the hook is not for");
        assertEquals(0, first.outcome().path("clicks").asInt());
    }

    @Test
    void aFailedVerificationReachesTheTestAndNoProcessRuns() {
        PluginHarness<AnsweringPlugin> app = instance();
        TestProcess<Clicks> clicks = app.startProcess(Clicks.class, "{\"message\":\"m1\"}");
        assertThrows(WebhookVerificationException.class, () -> app.answer("application/json",
                "{\"type\":\"click\",\"team\":\"T1\",\"message\":\"m1\"}", "X-Secret", "forged"));
        assertEquals(0, clicks.outcome().path("clicks").asInt());
        assertTrue(app.events().isEmpty());
    }

    @Test
    void answersIsCheckedAsTheRunnerChecksIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> PluginHarness.start(VoidAnswering.class, "{}"));
        assertTrue(refused.getMessage().contains("returns a WebhookResponse"), refused.getMessage());
        PluginHarness<FireAndForget> plain = PluginHarness.start(FireAndForget.class, "{}");
        assertThrows(IllegalArgumentException.class, () -> plain.answer("application/json", "{}"));
    }
}
