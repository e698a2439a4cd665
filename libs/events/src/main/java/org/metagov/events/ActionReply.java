package org.metagov.events;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer to one {@link ActionRequest}, matched by {@code requestId}. {@code outcome} says whose fault a failure
 * is: the caller's ({@link Outcome#REJECTED}, answered 400) or the plugin's ({@link Outcome#FAILED}, answered 502);
 * {@link Outcome#TIMED_OUT} (answered 504) when the action or its platform did not answer in time. {@code details}
 * is what the platform said about a failure (its error body), for the error's {@code details}; empty otherwise.
 * {@link Outcome#TOO_BUSY} (answered 429 with {@code Retry-After: retryAfterSeconds}): the community or the plugin
 * is using its whole share of the runner (issue 13, fair shares).
 */
public record ActionReply(String requestId, Outcome outcome, JsonNode result, String message,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<JsonNode> details,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long retryAfterSeconds) {

    public enum Outcome {
        OK, REJECTED, FAILED, NOT_ENABLED, TIMED_OUT, TOO_BUSY
    }

    @JsonCreator
    public ActionReply {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public ActionReply(String requestId, Outcome outcome, JsonNode result, String message, List<JsonNode> details) {
        this(requestId, outcome, result, message, details, null);
    }

    public ActionReply(String requestId, Outcome outcome, JsonNode result, String message) {
        this(requestId, outcome, result, message, List.of(), null);
    }

    /** The community's or the plugin's share of the runner is in use: the caller may retry after {@code seconds}. */
    public static ActionReply tooBusy(String requestId, String message, long seconds) {
        return new ActionReply(requestId, Outcome.TOO_BUSY, null, message, List.of(), Math.max(1, seconds));
    }
}
