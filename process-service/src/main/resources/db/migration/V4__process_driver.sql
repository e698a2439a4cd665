-- issue 13: the driver that started a process; it (or an administrator) alone reads, closes or re-opens it, and
-- only while the process's community is still that driver's. Processes stored before belong to the driver local,
-- as their communities do. No default afterwards: every start names its driver.
ALTER TABLE process ADD COLUMN driver TEXT NOT NULL DEFAULT 'local';
ALTER TABLE process ALTER COLUMN driver DROP DEFAULT;
