package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

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
        PluginException notANumber = assertThrows(PluginException.class,
                () -> tutorial.act("times-two", "{\"value\": \"five\"}"));
        assertTrue(notANumber.getMessage().startsWith("Invalid parameters for times-two: ")
                && notANumber.getMessage().contains("/value"), notANumber.getMessage());
        assertTrue(notANumber.isCallerFault());
    }

    @Test
    void timesTwoRejectsValuesWhoseDoubleDoesNotFit() {
        PluginHarness<TutorialPlugin> tutorial = PluginHarness.start(TutorialPlugin.class, "{\"api_key\": \"k\"}");
        assertEquals(Long.MAX_VALUE - 1, tutorial.act("times-two", "{\"value\": " + Long.MAX_VALUE / 2 + "}")
                .path("result").asLong());
        assertEquals(Long.MIN_VALUE, tutorial.act("times-two", "{\"value\": " + Long.MIN_VALUE / 2 + "}")
                .path("result").asLong());
        assertEquals(2e30, tutorial.act("times-two", "{\"value\": 1e30}").path("result").asDouble());
        for (String tooLarge : List.of("9223372036854775807", "-9223372036854775808", "4611686018427387904",
                "99999999999999999999999", "1.7976931348623157E308")) {
            PluginException e = assertThrows(PluginException.class,
                    () -> tutorial.act("times-two", "{\"value\": " + tooLarge + "}"), tooLarge);
            assertTrue(e.isCallerFault(), tooLarge);
        }
    }

    @Test
    void initializeAndConfigDefaultsAsInTheSeed() {
        PluginHarness<TutorialPlugin> tutorial = PluginHarness.start(TutorialPlugin.class, "{\"api_key\": \"k\"}");
        assertEquals("bar", tutorial.state().get("foo").asText());
        PluginException noKey = assertThrows(PluginException.class, () -> PluginHarness.start(TutorialPlugin.class,
                "{}"));
        assertTrue(noKey.getMessage().contains("api_key"), noKey.getMessage());
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
