-- the audit trail (issue 18): entries this service writes go through audit_outbox (libs/outbox AuditOutbox) to the
-- audit topic, like every other service's; the consumer stores all of them in audit_entry, idempotent by id.
CREATE TABLE audit_outbox (
    id         BIGSERIAL   PRIMARY KEY,
    record_key TEXT        NOT NULL,
    payload    TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE audit_outbox_dead_letter (
    id         BIGSERIAL   PRIMARY KEY,
    outbox_id  BIGINT      NOT NULL,
    record_key TEXT        NOT NULL,
    payload    TEXT,
    reason     TEXT        NOT NULL,
    holds_key  BOOLEAN     NOT NULL,
    failed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_outbox_dead_letter_key ON audit_outbox_dead_letter (record_key) WHERE holds_key;

-- community is null for entries about a driver account (no community)
CREATE TABLE audit_entry (
    id        TEXT        PRIMARY KEY,
    community TEXT,
    kind      TEXT        NOT NULL,
    subject   TEXT,
    driver    TEXT,
    at        TIMESTAMPTZ NOT NULL,
    trace_id  TEXT,
    details   TEXT        NOT NULL
);
-- the listing (newest first, per community) and its cursor; the retention delete reads by time
CREATE INDEX audit_entry_listing ON audit_entry (community, at DESC, id DESC);
CREATE INDEX audit_entry_age ON audit_entry (at);
