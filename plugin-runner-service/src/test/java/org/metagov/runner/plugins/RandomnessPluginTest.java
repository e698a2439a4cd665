package org.metagov.runner.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.metagov.runner.plugins.randomness.RandomnessPlugin;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.testkit.PluginHarness;

class RandomnessPluginTest {

    @Test
    void randomIntStaysInItsBoundsAndUsesTheConfigDefaults() {
        PluginHarness<RandomnessPlugin> randomness = PluginHarness.start(RandomnessPlugin.class,
                "{\"default_low\": 3, \"default_high\": 6}");
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int value = randomness.act("random-int", "{}").path("value").asInt();
            assertTrue(value >= 3 && value < 6, "out of [3, 6): " + value);
            seen.add(value);
        }
        assertEquals(Set.of(3, 4, 5), seen);
        assertEquals(7, randomness.act("random-int", "{\"low\": 7, \"high\": 8}").path("value").asInt());
        PluginException empty = assertThrows(PluginException.class,
                () -> randomness.act("random-int", "{\"low\": 5, \"high\": 5}"));
        assertEquals("low (5) must be less than high (5)", empty.getMessage());
        assertTrue(empty.isCallerFault());
    }

    @Test
    void theLuckyNumberStartsAtFourAndIsKeptInState() {
        PluginHarness<RandomnessPlugin> randomness = PluginHarness.start(RandomnessPlugin.class, "{}");
        assertEquals(4, randomness.act("get-lucky-number", "{}").path("lucky_number").asInt());
        assertEquals(9, randomness.act("set-lucky-number", "{\"lucky_number\": 9}").path("lucky_number").asInt());
        assertEquals(9, randomness.state().get("lucky_number").asInt());
        assertEquals(9, randomness.act("get-lucky-number", "{}").path("lucky_number").asInt());
    }
}
