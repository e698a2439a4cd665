-- rows the relay could never send (too large, unserialisable): kept with their reason; while one is here, later
-- rows of its key stay in the outbox (held in order) and the service is not ready. Deleting it releases them.
CREATE TABLE outbox_dead_letter (
    id         BIGSERIAL   PRIMARY KEY,
    outbox_id  BIGINT      NOT NULL,
    record_key TEXT        NOT NULL,
    payload    TEXT,
    reason     TEXT        NOT NULL,
    holds_key  BOOLEAN     NOT NULL,
    failed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX outbox_dead_letter_key ON outbox_dead_letter (record_key) WHERE holds_key;

-- why this community's last change could not be published, until an operator acts
ALTER TABLE community ADD COLUMN delivery_failed TEXT;
