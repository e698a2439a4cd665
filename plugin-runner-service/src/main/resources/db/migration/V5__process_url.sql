-- where people take part on the platform (a poll's page), set by the process and shown to drivers as `url`
ALTER TABLE process_instance ADD COLUMN url TEXT;
