package org.metagov.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.metagov.plugin.model.PluginType;
import org.metagov.sdk.Action;
import org.metagov.sdk.EventProducer;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;

/**
 * A plugin the runner would refuse to load fails its test kit test, with the runner's message: the harness reads
 * the class through the runner's own model ({@link PluginType}, what the runner's registry calls at start).
 */
class RunnerChecksTest {

    @Plugin(name = "two-receivers")
    public static class TwoReceivers extends PluginBase {
        @WebhookReceiver
        public void one(WebhookRequest request) {
        }

        @WebhookReceiver
        public void other(WebhookRequest request) {
        }
    }

    @Plugin(name = "string-action")
    public static class StringAction extends PluginBase {
        @Action(slug = "echo")
        public String echo(String text) {
            return text;
        }
    }

    @Plugin(name = "same-slug")
    public static class SameSlug extends PluginBase {
        @Action(slug = "go")
        public JsonNode first() {
            return null;
        }

        @Action(slug = "go")
        public JsonNode second() {
            return null;
        }
    }

    @Plugin(name = "polling-with-argument")
    public static class PollingWithArgument extends PluginBase {
        @EventProducer
        public void poll(JsonNode since) {
        }
    }

    @Plugin(name = "missing-schema", configSchema = "nowhere.json")
    public static class MissingSchema extends PluginBase {
    }

    public static class NotAnnotated extends PluginBase {
    }

    @Test
    void twoWebhookReceiversFailAsInTheRunner() {
        assertRefusedAsByTheRunner(TwoReceivers.class,
                TwoReceivers.class.getName() + ": one @WebhookReceiver method, taking a WebhookRequest");
    }

    @Test
    void anActionTakingSomethingElseThanJsonFailsAsInTheRunner() {
        assertRefusedAsByTheRunner(StringAction.class,
                StringAction.class.getName() + ".echo: an action takes no argument or one JsonNode");
    }

    @Test
    void twoActionsWithOneSlugFailAsInTheRunner() {
        assertRefusedAsByTheRunner(SameSlug.class, SameSlug.class.getName() + ": two actions named go");
    }

    @Test
    void aPollingTaskWithAnArgumentFailsAsInTheRunner() {
        assertRefusedAsByTheRunner(PollingWithArgument.class,
                PollingWithArgument.class.getName() + ": one @EventProducer method, taking no argument");
    }

    @Test
    void aSchemaThatIsNotBesideTheClassFailsAsInTheRunner() {
        assertRefusedAsByTheRunner(MissingSchema.class,
                MissingSchema.class.getName() + ": schema resource 'nowhere.json' not found beside the class");
    }

    @Test
    void aClassWithoutPluginFailsAsInTheRunner() {
        assertRefusedAsByTheRunner(NotAnnotated.class, NotAnnotated.class.getName() + " is not annotated @Plugin");
    }

    private static void assertRefusedAsByTheRunner(Class<? extends PluginBase> type, String message) {
        IllegalArgumentException inRunner = assertThrows(IllegalArgumentException.class, () -> PluginType.of(type));
        IllegalArgumentException inHarness = assertThrows(IllegalArgumentException.class,
                () -> PluginHarness.start(type, "{}"));
        assertEquals(message, inRunner.getMessage());
        assertEquals(message, inHarness.getMessage());
    }
}
