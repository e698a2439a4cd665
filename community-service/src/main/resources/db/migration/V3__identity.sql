-- Metagov's identities: random ids (below 2^53, exact in JSON numbers everywhere) grouped by merges. Every id
-- of a merge group points at the group's primary; a primary points at itself.
CREATE TABLE identity (
    external_id    BIGINT      PRIMARY KEY CHECK (external_id > 0 AND external_id < 9007199254740992),
    community_slug VARCHAR(64) NOT NULL REFERENCES community (slug) ON DELETE CASCADE,
    primary_id     BIGINT      NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX identity_community ON identity (community_slug, primary_id);
CREATE INDEX identity_primary ON identity (primary_id);

-- platform accounts; each stays with the id it was linked to, a merge only regroups ids
CREATE TABLE linked_account (
    id                    BIGSERIAL    PRIMARY KEY,
    external_id           BIGINT       NOT NULL REFERENCES identity (external_id) ON DELETE CASCADE,
    community_slug        VARCHAR(64)  NOT NULL REFERENCES community (slug) ON DELETE CASCADE,
    platform_type         VARCHAR(100) NOT NULL,
    community_platform_id TEXT,
    platform_identifier   TEXT         NOT NULL,
    custom_data           TEXT         NOT NULL DEFAULT '{}',
    link_type             VARCHAR(32)  NOT NULL DEFAULT 'unknown',
    link_quality          VARCHAR(32)  NOT NULL DEFAULT 'unknown',
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT now()
);
-- one account is linked once per community; no platform id equals no platform id
CREATE UNIQUE INDEX linked_account_unique
    ON linked_account (community_slug, platform_type, platform_identifier, COALESCE(community_platform_id, ''));
CREATE INDEX linked_account_identity ON linked_account (external_id);
