package org.metagov.process.repository;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One stored process, as process-service keeps it. {@code runnerVersion} is the newest runner version applied;
 * {@code updateSeq} numbers the update commands, so an answer can be matched to the one in flight.
 */
public record ProcessRecord(String id, String community, String plugin, String name, String status, JsonNode outcome,
        JsonNode errors, String callbackUrl, long runnerVersion, Long updateIntervalMs, Instant nextUpdateAt,
        long updateSeq, int closeSeq) {

    public static final String CREATED = "created";
    public static final String PENDING = "pending";
    public static final String COMPLETED = "completed";

    public String qualifiedName() {
        return plugin + "." + name;
    }

    public boolean completed() {
        return COMPLETED.equals(status);
    }

    /** The id of the update command currently (or last) in flight. */
    public String currentUpdateCommandId() {
        return id + ":update:" + updateSeq;
    }

    public ProcessRecord with(String newStatus, JsonNode newOutcome, JsonNode newErrors, long newRunnerVersion,
            Instant newNextUpdateAt) {
        return new ProcessRecord(id, community, plugin, name, newStatus, newOutcome, newErrors, callbackUrl,
                newRunnerVersion, updateIntervalMs, newNextUpdateAt, updateSeq, closeSeq);
    }
}
