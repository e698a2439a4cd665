-- one row per plugin instance the runners have created; the insert that wins runs initialize(), exactly once
CREATE TABLE plugin_instance (
    id             VARCHAR(36)  PRIMARY KEY,
    community_slug VARCHAR(64)  NOT NULL,
    plugin_name    VARCHAR(100) NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE plugin_state (
    instance_id VARCHAR(36)  NOT NULL,
    key         VARCHAR(200) NOT NULL,
    value       TEXT         NOT NULL,
    PRIMARY KEY (instance_id, key)
);
