-- A run is worked on by one process at a time: the owner (host and process id) and a heartbeat.
-- attempted now counts story-pair attempts that reached the model (a call is stored for them);
-- next_attempt numbers attempts, so an attempt lost to a kill is neither counted nor numbered twice.
ALTER TABLE generation_run ADD COLUMN owner VARCHAR(200);
ALTER TABLE generation_run ADD COLUMN owner_seen TIMESTAMP WITH TIME ZONE;
ALTER TABLE generation_run ADD COLUMN next_attempt INT NOT NULL DEFAULT 0;
UPDATE generation_run SET next_attempt = attempted;
ALTER TABLE model_call ADD COLUMN attempt_no INT;
CREATE INDEX model_call_run_attempt ON model_call(run_id, attempt_no);
