package org.metagov.community.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

import org.metagov.observability.Traceparent;

/** A record to publish, persisted in the same transaction as the change; a null payload is a tombstone. */
@Entity
@Table(name = "outbox")
public class OutboxEntry extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String topic;

    @Column(name = "record_key")
    public String recordKey;

    public String payload;

    /** The trace the change was made in, so the relay's send continues it (null without tracing). */
    public String traceparent;

    public static OutboxEntry of(String topic, String key, String payload) {
        OutboxEntry entry = new OutboxEntry();
        entry.topic = topic;
        entry.recordKey = key;
        entry.payload = payload;
        entry.traceparent = Traceparent.current();
        return entry;
    }
}
