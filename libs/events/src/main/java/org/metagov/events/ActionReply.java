package org.metagov.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer to one {@link ActionRequest}, matched by {@code requestId}. {@code outcome} says whose fault a failure
 * is: the caller's ({@link Outcome#REJECTED}, answered 400) or the plugin's ({@link Outcome#FAILED}, answered 502);
 * {@link Outcome#TIMED_OUT} (answered 504) when the action or its platform did not answer in time.
 */
public record ActionReply(String requestId, Outcome outcome, JsonNode result, String message) {

    public enum Outcome {
        OK, REJECTED, FAILED, NOT_ENABLED, TIMED_OUT
    }
}
