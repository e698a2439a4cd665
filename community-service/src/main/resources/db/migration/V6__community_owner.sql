-- issue 13: a community belongs to the driver that created it; every community stored before belongs to the
-- built-in driver of trusted local callers. No default afterwards: every insert names its owner.
ALTER TABLE community ADD COLUMN owner TEXT NOT NULL DEFAULT 'local';
ALTER TABLE community ALTER COLUMN owner DROP DEFAULT;
-- GET /api/internal/communities: a driver's own, newest first, and its cursor
CREATE INDEX community_owner_listing ON community (owner, created_at DESC, slug DESC);
CREATE INDEX community_listing ON community (created_at DESC, slug DESC);
