-- upstream's process record has a url: where the process can be seen on its platform, set by the plugin
ALTER TABLE process ADD COLUMN url TEXT;
-- for an answered start or close (ids 'answer:<command id>'): how the plugin took the command
-- (ProcessUpdate.CommandResult), so the waiting request, on whichever replica, answers by this code
ALTER TABLE processed_record ADD COLUMN command_result VARCHAR(32);
