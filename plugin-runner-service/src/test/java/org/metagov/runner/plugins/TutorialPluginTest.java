package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.metagov.runner.plugins.tutorial.TutorialPlugin;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.testkit.PluginHarness;

/** Seed 001's tutorial plugin, tested the way a plugin author tests: no broker, no database. */
class TutorialPluginTest {

    @Test
    void timesTwoDoublesAndChecksItsParameters() {
        PluginHarness<TutorialPlugin> tutorial = PluginHarness.start(TutorialPlugin.class, "{\"api_key\": \"k\"}");
        assertEquals(10, tutorial.act("times-two", "{\"value\": 5}").path("result").asInt());
        assertEquals(5.0, tutorial.act("times-two", "{\"value\": 2.5}").path("result").asDouble());
        assertThrows(PluginException.class, () -> tutorial.act("times-two", "{\"value\": \"five\"}"));
    }

    @Test
    void initializeAndConfigDefaultsAsInTheSeed() {
        PluginHarness<TutorialPlugin> tutorial = PluginHarness.start(TutorialPlugin.class, "{\"api_key\": \"k\"}");
        assertEquals("bar", tutorial.state().get("foo").asText());
        assertThrows(PluginException.class, () -> PluginHarness.start(TutorialPlugin.class, "{}"),
                "api_key is required");
    }

    @Test
    void aPostBecomesAPostCreatedEventWithItsAuthor() {
        PluginHarness<TutorialPlugin> tutorial = PluginHarness.start(TutorialPlugin.class, "{\"api_key\": \"k\"}");
        tutorial.webhook("{\"account\": \"alice\", \"data\": {\"title\": \"Hi\"}}");
        PluginHarness.SentEvent event = tutorial.events().get(0);
        assertEquals("post_created", event.eventType());
        assertEquals("Hi", event.data().path("title").asText());
        assertEquals("alice", event.initiator().userId());
    }
}
