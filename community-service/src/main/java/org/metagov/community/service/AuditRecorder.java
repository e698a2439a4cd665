package org.metagov.community.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import org.metagov.community.messaging.AuditRelay;
import org.metagov.events.AuditEntry;
import org.metagov.events.EventJson;
import org.metagov.outbox.AuditOutbox;
import org.metagov.web.CallerContext;
import org.metagov.web.RequestTrace;

/**
 * Writes this service's audit entries into its audit outbox, inside the transaction of the change, with the verified
 * caller as the driver and the request's trace id. Call {@link #kick} after the commit.
 */
@ApplicationScoped
public class AuditRecorder {

    private final AuditRelay relay;

    public AuditRecorder(AuditRelay relay) {
        this.relay = relay;
    }

    /** An entry made by the current request's driver (null outside a request: a change no driver made). */
    public AuditEntry entry(String community, String kind, String subject, ObjectNode details) {
        return AuditEntry.of(community, kind, subject, CallerContext.currentDriverId(), RequestTrace.currentTraceId(),
                details);
    }

    /** In the current Hibernate Reactive transaction (community and plugin changes). */
    public Uni<Void> inSession(AuditEntry entry) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                "INSERT INTO " + AuditOutbox.TABLE + " (record_key, payload) VALUES (?1, ?2)")
                .setParameter(1, key(entry)).setParameter(2, EventJson.write(entry)).executeUpdate())
                .replaceWithVoid();
    }

    /** With a SQL connection's transaction (driver accounts). */
    public Uni<Void> inTransaction(SqlConnection connection, AuditEntry entry) {
        return AuditOutbox.write(connection, entry);
    }

    public void kick() {
        relay.kick();
    }

    private static String key(AuditEntry entry) {
        return AuditOutbox.keyOf(entry);
    }
}
