-- the driver that started each process (issue 14): its callbacks are signed with that driver's own callback secret
-- (the driver local's with the global PROCESS_CALLBACK_SECRET). Processes started before belong to local.
ALTER TABLE process ADD COLUMN driver_id TEXT NOT NULL DEFAULT 'local';
