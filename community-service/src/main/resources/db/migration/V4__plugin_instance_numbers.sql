-- Upstream Metagov's plugin ids are JSON integers and PolicyKit compares them as such. Each instance gets a
-- random one (not sequential: they must not be guessable), below 2^53 so every JSON reader holds it exactly.
-- The UUID id stays the primary key, the key on the communities topic and in plugin-runner: adding the number
-- re-initialises no instance.
ALTER TABLE plugin_instance ADD COLUMN public_id BIGINT;
-- 52 random bits of a v4 UUID (gen_random_uuid draws from a cryptographic source), plus one: 1 .. 2^52
UPDATE plugin_instance
   SET public_id = ('x' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 13))::bit(52)::bigint + 1;
ALTER TABLE plugin_instance ALTER COLUMN public_id SET NOT NULL;
ALTER TABLE plugin_instance ADD CONSTRAINT plugin_instance_public_id_range
    CHECK (public_id > 0 AND public_id < 9007199254740992);
CREATE UNIQUE INDEX plugin_instance_public_id ON plugin_instance (public_id);

-- The community's id on the platform (GitHub installation, SourceCred server, ...): the value of the config key
-- the plugin type declares, or given by the driver; null when there is none. Rows written before this column are
-- read from their config by the same rule.
ALTER TABLE plugin_instance ADD COLUMN community_platform_id VARCHAR(255);
