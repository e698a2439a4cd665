-- Several instances of one plugin in a community (upstream Metagov #50: two GitHub organisations, two Slack
-- workspaces), told apart by community_platform_id: the unique key widens from (community, plugin) to
-- (community, plugin, platform id), a null id counting as one value. Existing rows are each their plugin's only
-- instance, so they keep their ids and the runner's state and processes stay theirs.
ALTER TABLE plugin_instance DROP CONSTRAINT plugin_instance_community_slug_plugin_name_key;
CREATE UNIQUE INDEX plugin_instance_key
    ON plugin_instance (community_slug, plugin_name, coalesce(community_platform_id, ''));

-- each instance's own hook URL segment (/api/hooks/<community>/<plugin>/<hook_slug>) when its config sets no
-- webhook_slug: random, so hook URLs cannot be guessed
ALTER TABLE plugin_instance ADD COLUMN hook_slug VARCHAR(64);
UPDATE plugin_instance SET hook_slug = substr(replace(gen_random_uuid()::text, '-', ''), 1, 20);
