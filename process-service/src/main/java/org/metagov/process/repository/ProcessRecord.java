package org.metagov.process.repository;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.events.QualifiedName;
import org.metagov.sdk.process.ProcessStatus;

/**
 * One stored process, as process-service keeps it. {@code runnerVersion} is the newest runner version applied;
 * {@code updateSeq} numbers the update commands, so an answer can be matched to the one in flight. {@code url} is
 * where the process can be seen on its platform (null until its plugin says). {@code communityPlatformId} is that of
 * the plugin instance it runs in (null: the plugin's only instance, or one without a platform id). {@code driver}
 * started it (issue 13).
 */
public record ProcessRecord(String id, String community, String plugin, String name, ProcessStatus status,
        JsonNode outcome, JsonNode errors, String url, String callbackUrl, long runnerVersion, Long updateIntervalMs,
        Instant nextUpdateAt, long updateSeq, int closeSeq, String communityPlatformId, String driver) {

    public ProcessRecord(String id, String community, String plugin, String name, ProcessStatus status,
            JsonNode outcome, JsonNode errors, String url, String callbackUrl, long runnerVersion,
            Long updateIntervalMs, Instant nextUpdateAt, long updateSeq, int closeSeq) {
        this(id, community, plugin, name, status, outcome, errors, url, callbackUrl, runnerVersion, updateIntervalMs,
                nextUpdateAt, updateSeq, closeSeq, null, null);
    }

    public QualifiedName qualifiedName() {
        return new QualifiedName(plugin, name);
    }

    public boolean completed() {
        return status == ProcessStatus.COMPLETED;
    }

    /** The id of the update command currently (or last) in flight. */
    public String currentUpdateCommandId() {
        return id + ":update:" + updateSeq;
    }

    public ProcessRecord with(ProcessStatus newStatus, JsonNode newOutcome, JsonNode newErrors, String newUrl,
            long newRunnerVersion, Instant newNextUpdateAt) {
        return new ProcessRecord(id, community, plugin, name, newStatus, newOutcome, newErrors, newUrl, callbackUrl,
                newRunnerVersion, updateIntervalMs, newNextUpdateAt, updateSeq, closeSeq, communityPlatformId, driver);
    }
}
