CREATE TABLE community (
    slug          VARCHAR(64) PRIMARY KEY,
    readable_name TEXT        NOT NULL DEFAULT '',
    version       BIGINT      NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- one row per enabled plugin; a new id whenever the plugin is re-enabled or re-configured
CREATE TABLE plugin_instance (
    id             VARCHAR(36)  PRIMARY KEY,
    community_slug VARCHAR(64)  NOT NULL REFERENCES community (slug) ON DELETE CASCADE,
    plugin_name    VARCHAR(100) NOT NULL,
    config         TEXT         NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL,
    UNIQUE (community_slug, plugin_name)
);

-- records to publish, written in the same transaction as the change they describe
CREATE TABLE outbox (
    id         BIGSERIAL   PRIMARY KEY,
    topic      TEXT        NOT NULL,
    record_key TEXT        NOT NULL,
    payload    TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
