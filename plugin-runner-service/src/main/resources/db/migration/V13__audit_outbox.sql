-- the audit trail (issue 18): actions run by plugins, sent to the audit topic by libs/outbox AuditOutbox
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
