package org.metagov.events.process;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.events.InboundWebhook;

/**
 * What process-service asks plugin-runner to do with one process, keyed by process id on
 * {@link org.metagov.events.Topics#PROCESS_COMMANDS}, so the commands of one process arrive in order.
 *
 * <p>{@code id} is unique per intent and stable across re-sends (the runner runs each id once). {@code parameters}
 * is set for {@link Type#START} (validated, defaults filled) and {@link Type#REOPEN}, {@code webhook} for
 * {@link Type#WEBHOOK}. {@code communityPlatformId} (on {@link Type#START}) names the instance of the plugin the
 * process runs in when the community has several; null: the only one. Later commands go to the process's instance.
 */
public record ProcessCommand(String id, Type type, String processId, String community, String plugin,
        String process, JsonNode parameters, InboundWebhook webhook, Instant issuedAt, String communityPlatformId) {

    public ProcessCommand(String id, Type type, String processId, String community, String plugin, String process,
            JsonNode parameters, InboundWebhook webhook, Instant issuedAt) {
        this(id, type, processId, community, plugin, process, parameters, webhook, issuedAt, null);
    }

    public enum Type {
        START, UPDATE, CLOSE, WEBHOOK,
        /** Puts a completed process back to pending; {@code parameters} holds the driver's new ones (maybe none). */
        REOPEN
    }

    public static String startId(String processId) {
        return processId + ":start";
    }

    public static String webhookId(String processId, String webhookId) {
        return processId + ":webhook:" + webhookId;
    }
}
