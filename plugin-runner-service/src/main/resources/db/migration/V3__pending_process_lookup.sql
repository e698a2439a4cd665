-- each inbound hook looks up the pending processes of its plugin in its community
CREATE INDEX process_instance_pending ON process_instance (community_slug, plugin_name) WHERE status = 'pending';
