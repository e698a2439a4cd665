package org.metagov.plugin.model;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.sdk.Json;
import org.metagov.sdk.PluginState;
import org.metagov.sdk.process.ProcessContext;
import org.metagov.sdk.process.ProcessStatus;

/**
 * What plugin code changes of one process (status, outcome, errors, its own state, the next update it asks for, the
 * record's url), with the SDK's rules for each: the one copy behind the runner's stored row and the test kit's
 * working copy, so a process behaves the same in a test as in the runner.
 */
public abstract class ProcessValues implements ProcessContext {

    private ProcessStatus status;
    private JsonNode outcome;
    private JsonNode errors;
    private final ObjectNode state;
    private Instant nextUpdateAt;
    private String url;

    protected ProcessValues(ProcessStatus status, JsonNode outcome, JsonNode errors, ObjectNode state,
            Instant nextUpdateAt, String url) {
        this.status = Objects.requireNonNull(status);
        this.outcome = outcome == null ? NullNode.getInstance() : outcome;
        this.errors = errors == null ? Json.object() : errors;
        this.state = state == null ? Json.object() : state;
        this.nextUpdateAt = nextUpdateAt;
        this.url = url;
    }

    @Override
    public PluginState state() {
        return new PluginState() {
            @Override
            public JsonNode get(String key) {
                return state.get(key);
            }

            @Override
            public void set(String key, Object value) {
                state.set(key, Json.of(value));
            }
        };
    }

    /** The process's own values as one JSON object (what is stored). */
    public ObjectNode stateValues() {
        return state;
    }

    @Override
    public ProcessStatus status() {
        return status;
    }

    @Override
    public void status(ProcessStatus status) {
        this.status = Objects.requireNonNull(status);
    }

    @Override
    public JsonNode outcome() {
        return outcome;
    }

    @Override
    public void outcome(JsonNode outcome) {
        this.outcome = outcome == null ? NullNode.getInstance() : outcome;
    }

    @Override
    public JsonNode errors() {
        return errors;
    }

    @Override
    public void errors(JsonNode errors) {
        this.errors = errors == null ? Json.object() : errors;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void url(String url) {
        this.url = url;
    }

    /** When the process asked to be updated; null when it did not. */
    public Instant nextUpdateAt() {
        return nextUpdateAt;
    }

    @Override
    public void nextUpdateAt(Instant at) {
        this.nextUpdateAt = at;
    }
}
