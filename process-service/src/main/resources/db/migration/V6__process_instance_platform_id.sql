-- A community may have several instances of one plugin: a process records which by the instance's
-- community_platform_id (null: the plugin's only instance, as every process from before is).
ALTER TABLE process ADD COLUMN community_platform_id VARCHAR(255);
