-- governance processes as plugin code sees them: status, outcome and the process's own state
CREATE TABLE process_instance (
    id             VARCHAR(64)  PRIMARY KEY,
    community_slug VARCHAR(64)  NOT NULL,
    plugin_name    VARCHAR(100) NOT NULL,
    process_name   VARCHAR(100) NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    outcome        TEXT,
    errors         TEXT         NOT NULL DEFAULT '{}',
    state          TEXT         NOT NULL DEFAULT '{}',
    next_update_at TIMESTAMPTZ,
    -- grows with every stored change; process-service ignores updates older than what it applied
    version        BIGINT       NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- commands already run, written in the same transaction as their effect: a re-delivered command runs no plugin code
CREATE TABLE process_command_done (
    command_id VARCHAR(200) PRIMARY KEY,
    done_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- process-updates records to publish, written in the same transaction as the change they describe
CREATE TABLE process_update_outbox (
    id         BIGSERIAL   PRIMARY KEY,
    record_key TEXT        NOT NULL,
    payload    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
