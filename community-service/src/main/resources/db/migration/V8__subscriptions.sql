-- event subscriptions of drivers (issue 14): the dispatcher learns them from the compacted subscriptions topic.
-- Secrets are stored and published sealed (AES-256-GCM under METAGOV_SECRETS_KEY, bound to the id), never in clear;
-- after a rotation the previous secret keeps signing beside the new one until previous_secret_until.
CREATE TABLE subscription (
    id                    TEXT        PRIMARY KEY,
    driver_id             TEXT        NOT NULL,
    url                   TEXT        NOT NULL,
    communities           TEXT        NOT NULL DEFAULT '[]', -- JSON array of slugs; [] = every community of the driver
    event_types           TEXT        NOT NULL DEFAULT '[]', -- JSON array of <source>.<type> or <source>.*; [] = all
    secret                TEXT        NOT NULL,
    previous_secret       TEXT,
    previous_secret_until TIMESTAMPTZ,
    version               BIGINT      NOT NULL DEFAULT 1,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- a driver's listing (newest first) and its cursor; also the per-driver count of the limit
CREATE INDEX subscription_listing ON subscription (driver_id, created_at DESC, id DESC);

-- subscription records to publish on the subscriptions topic, written in the same transaction as the change
CREATE TABLE subscription_outbox (
    id         BIGSERIAL   PRIMARY KEY,
    topic      TEXT        NOT NULL,
    record_key TEXT        NOT NULL,
    payload    TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE subscription_outbox_dead_letter (
    id         BIGSERIAL   PRIMARY KEY,
    outbox_id  BIGINT      NOT NULL,
    record_key TEXT        NOT NULL,
    payload    TEXT,
    reason     TEXT        NOT NULL,
    holds_key  BOOLEAN     NOT NULL,
    failed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX subscription_outbox_dead_letter_key ON subscription_outbox_dead_letter (record_key) WHERE holds_key;

-- each driver's own callback secret (sealed, bound to the driver id): signs its processes' callbacks; null for
-- accounts made before, until rotated (POST /api/internal/drivers/{id}/callback-secret)
ALTER TABLE driver ADD COLUMN callback_secret TEXT;
