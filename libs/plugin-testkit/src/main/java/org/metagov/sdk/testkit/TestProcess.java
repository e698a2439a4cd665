package org.metagov.sdk.testkit;

import java.time.Instant;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.plugin.model.ProcessType;
import org.metagov.plugin.model.ProcessValues;
import org.metagov.sdk.Json;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookResponse;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.process.ProcessStatus;

/**
 * One governance process started in a {@link PluginHarness}, run as the runner runs it: every call on a new object
 * of the process class (constructor injection included), bound to a copy of the stored process that is kept only
 * when the call returns; a call that throws changes nothing, and its exception reaches the test. A completed process
 * is updated, closed and handed hooks no more (a {@link org.metagov.sdk.process.ProcessAccess} change still runs, as
 * in the runner: the process's code decides).
 *
 * @param <Q> the process class
 */
public final class TestProcess<Q extends ProcessBase<?>> {

    private final PluginHarness<?> harness;
    private final ProcessType type;
    private final String id;
    private ProcessStatus status = ProcessStatus.CREATED;
    private JsonNode outcome = NullNode.getInstance();
    private JsonNode errors = Json.object();
    private ObjectNode state = Json.object();
    private Instant nextUpdateAt;
    private String url;

    TestProcess(PluginHarness<?> harness, ProcessType type, String id) {
        this.harness = harness;
        this.type = type;
        this.id = id;
    }

    public String id() {
        return id;
    }

    public ProcessStatus status() {
        return status;
    }

    public JsonNode outcome() {
        return outcome.deepCopy();
    }

    public JsonNode errors() {
        return errors.deepCopy();
    }

    /** The process's own persistent values, as its code left them. */
    public JsonNode state(String key) {
        JsonNode value = state.get(key);
        return value == null ? null : value.deepCopy();
    }

    /** When the process asked to be updated ({@code updateAt}); null when it did not. */
    public Instant nextUpdateAt() {
        return nextUpdateAt;
    }

    /** The record's {@code url} as drivers see it; null when the process set none. */
    public String url() {
        return url;
    }

    /** The scheduled {@code update()}, as the runner calls it while the process is pending. */
    public void update() {
        runUnlessCompleted(process -> {
            process.update();
            return null;
        });
    }

    /** {@code close()}, as on the driver's DELETE. */
    public void close() {
        runUnlessCompleted(process -> {
            process.close();
            return null;
        });
    }

    /**
     * {@code reopen(parameters)}, as on the driver's {@code POST .../reopen}: only a completed process of a
     * reopenable type; it is pending again (errors cleared) when its hook returns, and left as it was when it throws.
     */
    public void reopen(String parametersJson) {
        if (!type.descriptor().canReopen()) {
            throw new IllegalStateException(type.qualifiedName() + " is not @GovernanceProcess(reopenable = true)");
        }
        if (status != ProcessStatus.COMPLETED) {
            throw new IllegalStateException("only a completed process can be re-opened; this one is " + status.value());
        }
        JsonNode parameters = PluginHarness.read(parametersJson);
        ProcessStatus before = status;
        JsonNode errorsBefore = errors;
        status = ProcessStatus.PENDING;
        errors = Json.object();
        try {
            run(process -> {
                process.reopen(parameters);
                return null;
            });
        } catch (RuntimeException e) {
            status = before;
            errors = errorsBefore;
            throw e;
        }
    }

    ProcessType type() {
        return type;
    }

    void start(JsonNode parameters) {
        run(process -> {
            process.start(parameters);
            return null;
        });
        if (status == ProcessStatus.CREATED) {
            status = ProcessStatus.PENDING; // seed 001: a start that set neither has still started
        }
    }

    /** A hook of the plugin, handed over while pending, as the runner hands every hook of the community. */
    void webhook(WebhookRequest request) {
        if (status == ProcessStatus.PENDING && type.descriptor().receivesWebhooks()) {
            runUnlessCompleted(process -> {
                process.receiveWebhook(request);
                return null;
            });
        }
    }

    /** A hook of an answering receiver, while pending: {@code answerWebhook}'s answer, or null. */
    WebhookResponse answer(WebhookRequest request) {
        if (status != ProcessStatus.PENDING || !type.descriptor().receivesWebhooks()) {
            return null;
        }
        return run(process -> process.answerWebhook(request));
    }

    /** Runs {@code call} on a new bound object of the process class; keeps what it set only if it returns. */
    private void runUnlessCompleted(Function<Q, Void> call) {
        if (status != ProcessStatus.COMPLETED) {
            run(call);
        }
    }

    <R> R run(Function<Q, R> call) {
        Working working = new Working();
        @SuppressWarnings("unchecked")
        Q process = (Q) harness.construct(type.type());
        process.bind(working);
        R result = call.apply(process);
        status = working.status();
        outcome = working.outcome();
        errors = working.errors();
        state = working.stateValues();
        nextUpdateAt = status == ProcessStatus.COMPLETED ? null : working.nextUpdateAt();
        url = working.url();
        return result;
    }

    /** A copy of the stored process, as the runner loads it for one call (the runner's rules: ProcessValues). */
    private final class Working extends ProcessValues {

        Working() {
            super(TestProcess.this.status, TestProcess.this.outcome.deepCopy(), TestProcess.this.errors.deepCopy(),
                    TestProcess.this.state.deepCopy(), TestProcess.this.nextUpdateAt, TestProcess.this.url);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String community() {
            return harness.community();
        }

        @Override
        public PluginBase plugin() {
            return harness.plugin();
        }
    }
}
