-- A community may have several instances of one plugin (told apart by community_platform_id): each process runs in
-- one of them, recorded here. Processes from before belong to their community's only instance of the plugin (the
-- live one; else the latest disabled one, whose teardown closes them).
ALTER TABLE process_instance ADD COLUMN instance_id VARCHAR(36);
UPDATE process_instance p SET instance_id = (
    SELECT i.id FROM plugin_instance i
     WHERE i.community_slug = p.community_slug AND i.plugin_name = p.plugin_name
     ORDER BY (i.disabled_at IS NULL) DESC, i.created_at DESC LIMIT 1);
CREATE INDEX process_instance_of_instance ON process_instance (instance_id) WHERE status IN ('created', 'pending');
