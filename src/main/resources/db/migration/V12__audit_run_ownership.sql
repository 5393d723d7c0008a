-- Issue 14 (break pass): an audit run is worked on by one process at a time, as a generation run is (V2): the owner
-- (host and process id) and a heartbeat. `audit --resume` used to take over a run another process was still
-- auditing, and both asked the same questions (481 duplicate calls for 720 answers in the break pass).
ALTER TABLE audit_run ADD COLUMN owner VARCHAR(200);
ALTER TABLE audit_run ADD COLUMN owner_seen TIMESTAMP WITH TIME ZONE;
