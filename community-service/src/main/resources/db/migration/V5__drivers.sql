-- driver accounts (issue 13): the gateway signs their tokens; a token is honoured while its generation is at least
-- the account's (revoking all tokens moves generation on). version grows with every change (the topic's order).
CREATE TABLE driver (
    id            TEXT        PRIMARY KEY,
    name          TEXT        NOT NULL,
    redirect_uris TEXT        NOT NULL DEFAULT '[]', -- a JSON array of URI prefixes (OAuth starts)
    generation    BIGINT      NOT NULL DEFAULT 1,
    version       BIGINT      NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- the listing's order (newest first) and its cursor
CREATE INDEX driver_listing ON driver (created_at DESC, id DESC);

-- driver records to publish on the drivers topic, written in the same transaction as the change (its own relay)
CREATE TABLE driver_outbox (
    id         BIGSERIAL   PRIMARY KEY,
    topic      TEXT        NOT NULL,
    record_key TEXT        NOT NULL,
    payload    TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE driver_outbox_dead_letter (
    id         BIGSERIAL   PRIMARY KEY,
    outbox_id  BIGINT      NOT NULL,
    record_key TEXT        NOT NULL,
    payload    TEXT,
    reason     TEXT        NOT NULL,
    holds_key  BOOLEAN     NOT NULL,
    failed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX driver_outbox_dead_letter_key ON driver_outbox_dead_letter (record_key) WHERE holds_key;
