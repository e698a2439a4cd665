package org.metagov.events.process;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A process as it stands after plugin code ran, keyed by process id on
 * {@link org.metagov.events.Topics#PROCESS_UPDATES}.
 *
 * <p>{@code version} grows with every change the runner stores, so process-service applies an update only when it
 * is newer than the one it has (re-deliveries change nothing). {@code commandId} names the command this answers;
 * null when the change came from elsewhere (an action such as {@code vote.cast}). {@code nextUpdateAt} is the
 * process's own wish for its next {@code update} (for example its closing time); null when it has none.
 */
public record ProcessUpdate(String id, String commandId, String processId, String community, String plugin,
        String process, String status, JsonNode outcome, JsonNode errors, long version, Instant nextUpdateAt,
        Instant at) {

    public static final String CREATED = "created";
    public static final String PENDING = "pending";
    public static final String COMPLETED = "completed";

    public boolean completed() {
        return COMPLETED.equals(status);
    }
}
