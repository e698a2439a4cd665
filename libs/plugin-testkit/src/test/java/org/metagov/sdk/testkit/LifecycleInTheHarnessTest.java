package org.metagov.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;

/** Config changes and teardown in the harness, as the runner makes them; the runner's checks of the new attributes. */
class LifecycleInTheHarnessTest {

    @Plugin(name = "life", configSchema = "lifecycle.config.json", resetStateOn = "server_url")
    public static class Life extends PluginBase {
        @Override
        public void initialize() {
            state().set("initialized", true);
        }

        @Override
        public void onConfigChange(JsonNode oldConfig, JsonNode newConfig) {
            state().set("last_change", oldConfig.path("label").asText() + "->" + newConfig.path("label").asText());
        }

        @Override
        public void onDisable() {
            if (config().path("label").asText().equals("stuck")) {
                throw new IllegalStateException("platform down");
            }
            state().set("disabled", true);
        }
    }

    @Plugin(name = "bad-reset", configSchema = "lifecycle.config.json", resetStateOn = "nope")
    public static class BadReset extends PluginBase {
    }

    @GovernanceProcess(name = "half", reopenable = true)
    public static class HalfReopenable extends ProcessBase<Life> {
        @Override
        public void start(JsonNode parameters) {
        }
    }

    @Test
    void aConfigChangeKeepsTheStateUnlessAResetPropertyChanged() {
        PluginHarness<Life> life = PluginHarness.start(Life.class, "{\"label\": \"a\", \"server_url\": \"x\"}");
        life.state().set("cursor", 41);
        life.reconfigure("{\"label\": \"b\", \"server_url\": \"x\"}");
        assertEquals(41, life.state().get("cursor").asInt());
        assertEquals("a->b", life.state().get("last_change").asText());

        life.reconfigure("{\"label\": \"b\", \"server_url\": \"y\"}");
        assertNull(life.state().get("cursor"), "another server: the state starts again");
        assertNull(life.state().get("last_change"));
        assertTrue(life.state().get("initialized").asBoolean());
    }

    @Test
    void teardownRunsOnDisableThenDropsTheState() {
        PluginHarness<Life> life = PluginHarness.start(Life.class, "{\"label\": \"a\"}");
        life.disable();
        assertNull(life.state().get("initialized"));

        PluginHarness<Life> stuck = PluginHarness.start(Life.class, "{\"label\": \"stuck\"}");
        IllegalStateException failed = assertThrows(IllegalStateException.class, stuck::disable);
        assertEquals("platform down", failed.getMessage());
        assertTrue(stuck.state().get("initialized").asBoolean(), "a failed try keeps the state for the next");
    }

    @Test
    void theRunnersChecksOfResetStateOnAndReopenable() {
        IllegalArgumentException reset = assertThrows(IllegalArgumentException.class,
                () -> PluginHarness.start(BadReset.class, "{\"label\": \"a\"}"));
        assertTrue(reset.getMessage().contains("resetStateOn 'nope' is not a property of the config schema"),
                reset.getMessage());
        PluginHarness<Life> life = PluginHarness.start(Life.class, "{\"label\": \"a\"}");
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
                () -> life.startProcess(HalfReopenable.class, "{}"));
        assertTrue(half.getMessage().contains("a reopenable process overrides reopen(JsonNode)"), half.getMessage());
    }
}
