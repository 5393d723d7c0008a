-- Issue 12, point 3 (a neutrality gate): accepting a balanced judgment that the lint flags needs an explicit
-- override, recorded with the history row of the accept: one row per lint finding (which story's text, the
-- word, why). A history row with findings here is an accept with an override.
CREATE TABLE review_override (
  action_id BIGINT NOT NULL REFERENCES review_action(id) ON DELETE CASCADE,
  seq       INT NOT NULL,
  gender    VARCHAR(8) NOT NULL,
  word      VARCHAR(200) NOT NULL,
  reason    VARCHAR(100) NOT NULL,
  PRIMARY KEY (action_id, seq)
);
