-- Deliveries of a (subscription, community) lane whose receiver failed: they wait here, in Kafka order (id), instead
-- of in the consumer's memory, so that other lanes on the same partition go on. The record's offset is committed once
-- its delivery is here.
CREATE TABLE parked_delivery (
    id               BIGSERIAL PRIMARY KEY,
    subscription_id  TEXT        NOT NULL,
    community        TEXT        NOT NULL,
    kafka_partition  INT         NOT NULL,
    kafka_offset     BIGINT      NOT NULL,
    event_id         TEXT        NOT NULL,
    event            TEXT        NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL,
    attempts         INT         NOT NULL,
    first_attempt_at TIMESTAMPTZ,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    -- a record read again after a commit was lost is parked once
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX parked_delivery_lane ON parked_delivery (subscription_id, community, id);
CREATE INDEX parked_delivery_partition ON parked_delivery (kafka_partition);

-- Deliveries that gave up. The receiver's last status is kept, never its body (a receiver may be an internal
-- service whose error pages must not reach whoever reads this list).
CREATE TABLE dead_letter (
    id              BIGSERIAL PRIMARY KEY,
    subscription_id TEXT        NOT NULL,
    event_id        TEXT        NOT NULL,
    community       TEXT        NOT NULL,
    source          TEXT        NOT NULL,
    event_type      TEXT        NOT NULL,
    cause           TEXT        NOT NULL,
    reason          TEXT        NOT NULL,
    attempts        INT         NOT NULL,
    last_status     INT,
    event           TEXT        NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (subscription_id, event_id)
);

-- A replay of one subscription's events from a time, read by its own consumer up to the end offsets it started with.
CREATE TABLE replay (
    id              UUID PRIMARY KEY,
    subscription_id TEXT        NOT NULL,
    from_time       TIMESTAMPTZ NOT NULL,
    state           TEXT        NOT NULL,
    matched         INT         NOT NULL DEFAULT 0,
    delivered       INT         NOT NULL DEFAULT 0,
    dead_lettered   INT         NOT NULL DEFAULT 0,
    error           TEXT,
    started_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ
);
CREATE INDEX replay_subscription ON replay (subscription_id, started_at);
