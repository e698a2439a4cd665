CREATE TABLE process (
    id                VARCHAR(64)  PRIMARY KEY,
    community_slug    VARCHAR(64)  NOT NULL,
    plugin_name       VARCHAR(100) NOT NULL,
    process_name      VARCHAR(100) NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    outcome           TEXT,
    errors            TEXT         NOT NULL DEFAULT '{}',
    callback_url      TEXT,
    -- the runner's version last applied: older or repeated updates change nothing
    runner_version    BIGINT       NOT NULL DEFAULT 0,
    -- null: the process has no update(); otherwise milliseconds between two updates
    update_interval_ms BIGINT,
    next_update_at    TIMESTAMPTZ,
    -- set while an update command is unanswered, so one process never has two updates at once
    update_due_answer TIMESTAMPTZ,
    update_seq        BIGINT       NOT NULL DEFAULT 0,
    close_seq         INT          NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed_at      TIMESTAMPTZ
);
CREATE INDEX process_due ON process (next_update_at) WHERE status = 'pending';
CREATE INDEX process_pending_by_plugin ON process (community_slug, plugin_name) WHERE status = 'pending';

-- process-commands records to publish, written in the same transaction as the change that asks for them
CREATE TABLE command_outbox (
    id         BIGSERIAL   PRIMARY KEY,
    record_key TEXT        NOT NULL,
    payload    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ids of consumed records whose effect is not naturally idempotent (routed webhooks, answered commands)
CREATE TABLE processed_record (
    id           VARCHAR(250) PRIMARY KEY,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- one row per callback to POST; webhook_id stays the same across retries (Standard Webhooks)
CREATE TABLE callback_delivery (
    id              BIGSERIAL   PRIMARY KEY,
    webhook_id      VARCHAR(64) NOT NULL UNIQUE,
    process_id      VARCHAR(64) NOT NULL,
    url             TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ,
    failed_at       TIMESTAMPTZ,
    last_error      TEXT
);
CREATE INDEX callback_due ON callback_delivery (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX callback_by_process ON callback_delivery (process_id) WHERE delivered_at IS NULL AND failed_at IS NULL;
