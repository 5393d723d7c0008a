-- Evenhand store, version 1: pair sets, themes, generation runs, story pairs and their stories,
-- judgments, balanced judgments, every model call, and the review history.

CREATE TABLE pair_set (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(200) NOT NULL UNIQUE,
  kind        VARCHAR(40)  NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE theme (
  id          VARCHAR(200) PRIMARY KEY,
  environment VARCHAR(100) NOT NULL,
  text        VARCHAR(4000) NOT NULL
);

CREATE TABLE generation_run (
  id              BIGINT AUTO_INCREMENT PRIMARY KEY,
  set_id          BIGINT NOT NULL REFERENCES pair_set(id),
  model_tag       VARCHAR(200) NOT NULL,
  profile         VARCHAR(200) NOT NULL,
  target_pairs    INT NOT NULL,
  max_attempts    INT NOT NULL,
  keep_consistent BOOLEAN NOT NULL,
  settings        JSON NOT NULL,
  status          VARCHAR(20) NOT NULL,
  attempted       INT NOT NULL DEFAULT 0,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  finished_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX generation_run_status ON generation_run(status, id);

-- stage: judging (stories stored), balancing (both judgments stored), complete (kept for review),
-- dropped (not kept: see drop_reason).
CREATE TABLE story_pair (
  id           BIGINT AUTO_INCREMENT PRIMARY KEY,
  set_id       BIGINT NOT NULL REFERENCES pair_set(id),
  run_id       BIGINT REFERENCES generation_run(id),
  attempt_no   INT,
  theme_id     VARCHAR(200),
  environment  VARCHAR(100) NOT NULL,
  rouge1       DOUBLE PRECISION NOT NULL,
  identical    BOOLEAN NOT NULL DEFAULT FALSE,
  stage        VARCHAR(20) NOT NULL,
  drop_reason  VARCHAR(40),
  divergent    BOOLEAN,
  model_tag    VARCHAR(200),
  status       VARCHAR(20) NOT NULL DEFAULT 'pending',
  flagged      BOOLEAN NOT NULL DEFAULT FALSE,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT story_pair_run_attempt UNIQUE (run_id, attempt_no)
);
CREATE INDEX story_pair_queue ON story_pair(stage, status, divergent, id);
CREATE INDEX story_pair_set ON story_pair(set_id, id);
CREATE INDEX story_pair_run ON story_pair(run_id, stage);
CREATE INDEX story_pair_env ON story_pair(environment);

CREATE TABLE story (
  id       BIGINT AUTO_INCREMENT PRIMARY KEY,
  pair_id  BIGINT NOT NULL REFERENCES story_pair(id) ON DELETE CASCADE,
  gender   VARCHAR(10) NOT NULL,
  name     VARCHAR(400) NOT NULL,
  text     CHARACTER LARGE OBJECT NOT NULL,
  CONSTRAINT story_one_per_gender UNIQUE (pair_id, gender)
);

-- Every call to the model, parsed or not (OLLAMA.md: keep the raw text for inspection).
CREATE TABLE model_call (
  id                    BIGINT AUTO_INCREMENT PRIMARY KEY,
  run_id                BIGINT,
  pair_id               BIGINT,
  step                  VARCHAR(40) NOT NULL,
  model_tag             VARCHAR(200) NOT NULL,
  model_digest          VARCHAR(100) NOT NULL,
  ollama_version        VARCHAR(40) NOT NULL,
  host_url              VARCHAR(400) NOT NULL,
  template_id           VARCHAR(100) NOT NULL,
  template_version      INT NOT NULL,
  options               JSON NOT NULL,
  request_text          CHARACTER LARGE OBJECT NOT NULL,
  raw_reply             CHARACTER LARGE OBJECT,
  outcome               VARCHAR(20) NOT NULL,
  fault_kind            VARCHAR(40),
  error_message         VARCHAR(4000),
  done_reason           VARCHAR(20),
  total_duration_ns     BIGINT,
  load_duration_ns      BIGINT,
  prompt_eval_count     INT,
  prompt_eval_duration_ns BIGINT,
  eval_count            INT,
  eval_duration_ns      BIGINT,
  wall_ms               BIGINT NOT NULL,
  started_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX model_call_run ON model_call(run_id, outcome);
CREATE INDEX model_call_pair ON model_call(pair_id);

CREATE TABLE judgment (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  story_id         BIGINT NOT NULL REFERENCES story(id) ON DELETE CASCADE,
  model_tag        VARCHAR(200) NOT NULL,
  template_id      VARCHAR(100) NOT NULL,
  template_version INT NOT NULL,
  stance           VARCHAR(20) NOT NULL,
  explanation      CHARACTER LARGE OBJECT NOT NULL,
  call_id          BIGINT REFERENCES model_call(id),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX judgment_story ON judgment(story_id, model_tag);

-- The current balanced judgment of each story; what the model proposed is kept beside it, and every
-- change is a row in review_action.
CREATE TABLE balanced_judgment (
  pair_id       BIGINT NOT NULL REFERENCES story_pair(id) ON DELETE CASCADE,
  gender        VARCHAR(10) NOT NULL,
  proposed_text CHARACTER LARGE OBJECT NOT NULL,
  text          CHARACTER LARGE OBJECT NOT NULL,
  call_id       BIGINT REFERENCES model_call(id),
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (pair_id, gender)
);

CREATE TABLE review_action (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  pair_id       BIGINT NOT NULL REFERENCES story_pair(id) ON DELETE CASCADE,
  reviewer      VARCHAR(200) NOT NULL,
  action        VARCHAR(20) NOT NULL,
  status_before VARCHAR(20) NOT NULL,
  status_after  VARCHAR(20) NOT NULL,
  male_before   CHARACTER LARGE OBJECT,
  female_before CHARACTER LARGE OBJECT,
  male_after    CHARACTER LARGE OBJECT,
  female_after  CHARACTER LARGE OBJECT,
  reason        VARCHAR(4000) NOT NULL DEFAULT '',
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX review_action_pair ON review_action(pair_id, id);
