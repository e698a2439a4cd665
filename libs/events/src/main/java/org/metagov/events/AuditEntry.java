package org.metagov.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of a community's audit trail, on {@link Topics#AUDIT} keyed by community: who ({@code driver}, the
 * verified caller; null for a transition no driver made, such as a process the plugin completed), what
 * ({@code kind}, {@code subject} and {@code details}), when ({@code at}) and the request's W3C trace id. Every
 * service writes its entries to its own {@code audit_outbox} in the transaction of the change; community-service
 * stores them, idempotently by {@code id}. {@code details} never holds a secret value: a changed {@code writeOnly}
 * config property is only named under {@code secrets_changed}.
 */
public record AuditEntry(String id, String community, String kind, String subject, String driver, Instant at,
        String traceId, ObjectNode details) {

    /** The kinds written; the {@code ?kind=} filter of the trail takes these (or a prefix such as {@code process.}). */
    public static final String COMMUNITY_CREATED = "community.created";
    public static final String COMMUNITY_UPDATED = "community.updated";
    public static final String COMMUNITY_DELETED = "community.deleted";
    public static final String PLUGIN_ENABLED = "plugin.enabled";
    public static final String PLUGIN_CONFIGURED = "plugin.configured";
    public static final String PLUGIN_DISABLED = "plugin.disabled";
    public static final String DRIVER_CREATED = "driver.created";
    public static final String DRIVER_UPDATED = "driver.updated";
    public static final String DRIVER_DELETED = "driver.deleted";
    public static final String DRIVER_TOKEN_ISSUED = "driver.token_issued";
    public static final String DRIVER_TOKENS_REVOKED = "driver.tokens_revoked";
    public static final String SUBSCRIPTION_CHANGED = "subscription.changed";
    public static final String ACTION_PERFORMED = "action.performed";
    public static final String PROCESS_STARTED = "process.started";
    public static final String PROCESS_CLOSED = "process.closed";
    public static final String PROCESS_COMPLETED = "process.completed";
    public static final String PROCESS_REOPENED = "process.reopened";

    /** The Kafka header the gateway puts the verified driver in on an action request (the runner audits it). */
    public static final String DRIVER_HEADER = "metagov-driver";
    /** The Kafka header carrying the trace id of the request that caused a record (for the audit trail). */
    public static final String TRACE_ID_HEADER = "metagov-trace-id";

    public static AuditEntry of(String community, String kind, String subject, String driver, String traceId,
            ObjectNode details) {
        return new AuditEntry(UUID.randomUUID().toString(), community, kind, subject, driver, Instant.now().truncatedTo(ChronoUnit.MICROS), traceId,
                details == null ? EventJson.MAPPER.createObjectNode() : details);
    }
}
