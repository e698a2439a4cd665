package org.metagov.plugin.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;

/** A process belongs to the plugin named by its type argument; what it can do is read from what it overrides. */
class ProcessTypeTest {

    @Plugin(name = "ballots")
    public static class BallotsPlugin extends PluginBase {
    }

    @GovernanceProcess(name = "referendum")
    public static class Referendum extends ProcessBase<BallotsPlugin> {
        @Override
        public void start(JsonNode parameters) {
        }

        @Override
        public void receiveWebhook(WebhookRequest webhook) {
        }
    }

    /** Shared code of several processes of one plugin. */
    public abstract static class BallotProcess<X> extends ProcessBase<BallotsPlugin> {
    }

    @GovernanceProcess(name = "runoff")
    public static class Runoff extends BallotProcess<String> {
        @Override
        public void start(JsonNode parameters) {
        }

        @Override
        public void close() {
        }
    }

    @SuppressWarnings("rawtypes")
    @GovernanceProcess(name = "raw")
    public static class Raw extends ProcessBase {
        @Override
        public void start(JsonNode parameters) {
        }
    }

    public static class NotAPlugin extends PluginBase {
    }

    @GovernanceProcess(name = "orphan")
    public static class Orphan extends ProcessBase<NotAPlugin> {
        @Override
        public void start(JsonNode parameters) {
        }
    }

    @Test
    void thePluginIsTheTypeArgument() {
        ProcessType referendum = ProcessType.of(Referendum.class);
        assertEquals("ballots", referendum.plugin());
        assertEquals(BallotsPlugin.class, referendum.pluginType());
        assertEquals("ballots.referendum", referendum.qualifiedName());
        assertTrue(referendum.descriptor().receivesWebhooks());
        assertFalse(referendum.descriptor().canClose());
    }

    @Test
    void alsoThroughAnAbstractProcessOfThePlugin() {
        ProcessType runoff = ProcessType.of(Runoff.class);
        assertEquals("ballots", runoff.plugin());
        assertTrue(runoff.descriptor().canClose());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aProcessWithoutAPluginTypeArgumentIsRefused() {
        for (Class<?> type : List.of(Raw.class, Orphan.class)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ProcessType.of((Class<? extends ProcessBase<?>>) type));
            assertEquals(type.getName() + ": a governance process extends ProcessBase<P>, P the @Plugin class it"
                    + " belongs to", e.getMessage());
        }
    }

    @Test
    void aProcessOfAPluginThatIsNotHostedIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PluginSet.check(List.of(), List.of(ProcessType.of(Referendum.class))));
        assertEquals("Process ballots.referendum names no known plugin", e.getMessage());
    }
}
