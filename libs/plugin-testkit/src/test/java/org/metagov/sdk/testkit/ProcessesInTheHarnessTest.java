package org.metagov.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.metagov.sdk.Action;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessAccess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/** Governance processes and constructor injection, run by the harness as the runner runs them. */
class ProcessesInTheHarnessTest {

    /** A plugin that counts through its process, with ProcessAccess injected as CDI injects it in the runner. */
    @Plugin(name = "counter")
    public static class CounterPlugin extends PluginBase {
        static final AtomicInteger OBJECTS = new AtomicInteger();
        private final ProcessAccess processes;

        public CounterPlugin(ProcessAccess processes) {
            this.processes = processes;
            OBJECTS.incrementAndGet();
        }

        @Action(slug = "add")
        public JsonNode add(JsonNode parameters) {
            return processes.change(community(), parameters.path("process_id").asText(), Count.class,
                    count -> count.add(parameters.path("by").asInt()));
        }

        @WebhookReceiver
        public void receive(WebhookRequest request) {
            sendEventToDriver("hook_seen", request.json(), null);
        }
    }

    @GovernanceProcess(name = "count")
    public static class Count extends ProcessBase<CounterPlugin> {
        @Override
        public void start(JsonNode parameters) {
            state().set("total", parameters.path("from").asInt());
            if (parameters.has("url")) {
                setUrl(parameters.path("url").asText());
            }
            setOutcome(Json.object().put("total", parameters.path("from").asInt()));
        }

        JsonNode add(int by) {
            if (by <= 0) {
                state().set("total", -1); // must not survive the failed call
                throw PluginException.badRequest("Add a positive number");
            }
            int total = state().get("total").asInt() + by;
            state().set("total", total);
            setOutcome(Json.object().put("total", total));
            return outcome();
        }

        @Override
        public void receiveWebhook(WebhookRequest webhook) {
            if (webhook.json().path("close").asBoolean()) {
                close();
            }
        }

        @Override
        public void close() {
            complete(Json.object().put("total", state().get("total").asInt()).put("closed", true));
        }
    }

    @Test
    void aProcessTellsDriversWhereToTakePartAsAnAbsoluteUrl() {
        PluginHarness<CounterPlugin> counter = PluginHarness.start(CounterPlugin.class, "{}");
        TestProcess<Count> withUrl = counter.startProcess(Count.class,
                "{\"from\": 1, \"url\": \"https://forum.example/t/42\"}");
        assertEquals("https://forum.example/t/42", withUrl.url());
        assertNull(counter.startProcess(Count.class, "{\"from\": 1}").url());

        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> counter.startProcess(Count.class, "{\"from\": 1, \"url\": \"/t/42\"}"));
        assertEquals("A process url must be an absolute http(s) URL", relative.getMessage());
    }

    @Test
    void aPluginGetsItsProcessAccessThroughItsConstructor() {
        PluginHarness<CounterPlugin> counter = PluginHarness.start(CounterPlugin.class, "{}");
        TestProcess<Count> count = counter.startProcess(Count.class, "{\"from\": 2}");
        assertEquals(ProcessStatus.PENDING, count.status(), "a start that sets no status has still started");

        assertEquals(5, counter.act("add", "{\"process_id\": \"" + count.id() + "\", \"by\": 3}").path("total").asInt());

        assertEquals(5, count.outcome().path("total").asInt());
        assertEquals(5, count.state("total").asInt());
    }

    @Test
    void aFailedChangeLeavesTheProcessAsItWas() {
        PluginHarness<CounterPlugin> counter = PluginHarness.start(CounterPlugin.class, "{}");
        TestProcess<Count> count = counter.startProcess(Count.class, "{\"from\": 2}");

        PluginException refused = assertThrows(PluginException.class,
                () -> counter.act("add", "{\"process_id\": \"" + count.id() + "\", \"by\": 0}"));

        assertEquals("Add a positive number", refused.getMessage());
        assertTrue(refused.isCallerFault());
        assertEquals(2, count.state("total").asInt());
    }

    @Test
    void anUnknownProcessIsTheCallersMistakeWithTheRunnersMessage() {
        PluginHarness<CounterPlugin> counter = PluginHarness.start(CounterPlugin.class, "{}");

        PluginException missing = assertThrows(PluginException.class,
                () -> counter.act("add", "{\"process_id\": \"nope\", \"by\": 1}"));

        assertEquals("There is no counter.count process 'nope' in this community", missing.getMessage());
        assertTrue(missing.isCallerFault());
    }

    @Test
    void hooksReachTheReceiverOnANewObjectAndThePendingProcesses() {
        PluginHarness<CounterPlugin> counter = PluginHarness.start(CounterPlugin.class, "{}");
        TestProcess<Count> count = counter.startProcess(Count.class, "{\"from\": 1}");
        int before = CounterPlugin.OBJECTS.get();

        counter.webhook("{\"close\": true}");

        assertEquals(before + 1, CounterPlugin.OBJECTS.get(), "the runner handles each hook on its own object");
        assertEquals("hook_seen", counter.events().get(0).eventType());
        assertEquals(ProcessStatus.COMPLETED, count.status());
        assertTrue(count.outcome().path("closed").asBoolean());
        assertNull(count.nextUpdateAt());
    }

    @Test
    void aCompletedProcessIsNotClosedUpdatedOrHandedHooksAgain() {
        PluginHarness<CounterPlugin> counter = PluginHarness.start(CounterPlugin.class, "{}");
        TestProcess<Count> count = counter.startProcess(Count.class, "{\"from\": 1}");
        count.close();
        // a change through ProcessAccess still runs, as in the runner: the process's own code decides
        assertEquals(5, counter.act("add", "{\"process_id\": \"" + count.id() + "\", \"by\": 4}").path("total")
                .asInt());

        count.close(); // on a pending process this would mark the outcome closed again
        count.update(); // Count has no update(): on a pending process this throws
        counter.webhook("{\"close\": true}");

        assertFalse(count.outcome().has("closed"), count.outcome().toString());
        assertEquals(ProcessStatus.COMPLETED, count.status());
    }

    /** A second class named like {@link Count}: the runner refuses to start with both. */
    @GovernanceProcess(name = "count")
    public static class OtherCount extends ProcessBase<CounterPlugin> {
        @Override
        public void start(JsonNode parameters) {
        }
    }

    @Test
    void twoProcessesOfOneNameFailAsInTheRunner() {
        PluginHarness<CounterPlugin> counter = PluginHarness.start(CounterPlugin.class, "{}");
        counter.startProcess(Count.class, "{}");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> counter.startProcess(OtherCount.class, "{}"));

        assertEquals("Two processes are named counter.count", e.getMessage());
    }

    @Plugin(name = "needs-a-clock")
    public static class NeedsAClock extends PluginBase {
        public NeedsAClock(java.time.Clock clock) {
        }
    }

    @Test
    void aConstructorParameterTheKitCannotGiveIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PluginHarness.start(NeedsAClock.class, "{}"));
        assertEquals(NeedsAClock.class.getName() + ": the test kit cannot inject a java.time.Clock (it provides"
                + " [ProcessAccess])", e.getMessage());
    }
}
