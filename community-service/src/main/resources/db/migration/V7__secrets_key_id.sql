-- Plugin secrets travel sealed on the communities topic (README "Secrets on the topics"). The id of the key that
-- sealed a community's last record; NULL for every record written before sealing, whose secrets went in clear.
-- At start SecretsRepublisher publishes every community whose column is not the current key's id again (so all of
-- them after this migration, and all of them after a key rotation): the compacted topic then keeps only sealed
-- records, and compaction removes the clear ones.
ALTER TABLE community ADD COLUMN secrets_key_id VARCHAR(16);
