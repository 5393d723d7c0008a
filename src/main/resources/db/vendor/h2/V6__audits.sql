-- Audit runs: each model's answer to the audit question (four choices) for both stories of every pair
-- of a set, resumable (one row per run, pair, model and story). exported_at marks pairs that went out as
-- training data, so an audit over them is flagged as contaminated.
CREATE TABLE audit_run (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  set_id      BIGINT NOT NULL REFERENCES pair_set(id),
  models      VARCHAR(2000) NOT NULL,
  pair_limit  INT,
  status      VARCHAR(20) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  finished_at TIMESTAMP WITH TIME ZONE
);
CREATE TABLE audit_judgment (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  run_id      BIGINT NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
  pair_id     BIGINT NOT NULL REFERENCES story_pair(id) ON DELETE CASCADE,
  model_tag   VARCHAR(200) NOT NULL,
  gender      VARCHAR(10) NOT NULL,
  stance      VARCHAR(20) NOT NULL,
  explanation CHARACTER LARGE OBJECT NOT NULL,
  call_id     BIGINT REFERENCES model_call(id),
  CONSTRAINT audit_judgment_once UNIQUE (run_id, pair_id, model_tag, gender)
);
CREATE INDEX audit_judgment_run ON audit_judgment(run_id, model_tag, pair_id);
ALTER TABLE story_pair ADD COLUMN exported_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE model_call ADD COLUMN audit_run_id BIGINT;
