-- the runner keeps each instance's config (a config change while it was down is noticed at start, and teardown runs
-- with the config the instance last had) and its teardown: disabled_at set when it is disabled or its community
-- deleted; onDisable() is tried (each try counted, a lease standing for the replica running it) until torn_down_at
ALTER TABLE plugin_instance
    ADD COLUMN config              TEXT,
    -- the communities record version that last set config (an older record re-read at start changes nothing)
    ADD COLUMN applied_version     BIGINT      NOT NULL DEFAULT 0,
    ADD COLUMN disabled_at         TIMESTAMPTZ,
    ADD COLUMN disabled_reason     TEXT,
    ADD COLUMN teardown_attempts   INT         NOT NULL DEFAULT 0,
    ADD COLUMN teardown_not_before TIMESTAMPTZ,
    ADD COLUMN torn_down_at        TIMESTAMPTZ,
    ADD COLUMN teardown_outcome    VARCHAR(16);
CREATE INDEX plugin_instance_teardown_due ON plugin_instance (teardown_not_before)
    WHERE disabled_at IS NOT NULL AND torn_down_at IS NULL;
