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
 * {@code url} is where the process can be seen on its platform (upstream's record field), null when it has none.
 * {@code result} says how the command named by {@code commandId} went, so process-service answers a driver by
 * this code and never by the text of {@code errors}; null when the update answers no command (or came from a
 * runner that predates the field).
 *
 * <p>{@code status} is the value of the SDK's {@code org.metagov.sdk.process.ProcessStatus}, the one definition of
 * process states (created, pending, completed).
 */
public record ProcessUpdate(String id, String commandId, String processId, String community, String plugin,
        String process, String status, JsonNode outcome, JsonNode errors, long version, Instant nextUpdateAt,
        Instant at, String url, CommandResult result) {

    /** How the plugin code took one command. */
    public enum CommandResult {
        /** The code ran and returned. */
        DONE,
        /** The process does not implement this command (for example {@code close}): the driver asked too much. */
        NOT_SUPPORTED,
        /** The plugin code failed; {@code errors} says why. */
        FAILED,
        /** The plugin refused the driver's request as the caller's mistake (a reopen's parameters); {@code errors} says why. */
        REJECTED
    }

    /** Wire strings of the statuses, for code that cannot see the SDK (the SDK's enum gives the same values). */
    public static final String CREATED = "created";
    public static final String PENDING = "pending";
    public static final String COMPLETED = "completed";

    /** An update without url and result, as runners wrote them before those fields existed. */
    public ProcessUpdate(String id, String commandId, String processId, String community, String plugin,
            String process, String status, JsonNode outcome, JsonNode errors, long version, Instant nextUpdateAt,
            Instant at) {
        this(id, commandId, processId, community, plugin, process, status, outcome, errors, version, nextUpdateAt, at,
                null, null);
    }

    public boolean completed() {
        return COMPLETED.equals(status);
    }
}
