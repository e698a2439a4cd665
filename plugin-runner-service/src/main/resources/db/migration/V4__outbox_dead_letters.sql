-- updates the relay could never send: kept with their reason (their process was completed with errors.delivery)
CREATE TABLE process_update_outbox_dead_letter (
    id         BIGSERIAL   PRIMARY KEY,
    outbox_id  BIGINT      NOT NULL,
    record_key TEXT        NOT NULL,
    payload    TEXT,
    reason     TEXT        NOT NULL,
    holds_key  BOOLEAN     NOT NULL,
    failed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX process_update_outbox_dead_letter_key ON process_update_outbox_dead_letter (record_key) WHERE holds_key;
