-- Issue 15, points 3 and 4: reviewers side by side on one database, and assignment with overlap.
-- Standard SQL only (H2 and PostgreSQL run the same file).

-- Who has a pair open in the Review screen right now: one row per pair and reviewer, renewed by a
-- heartbeat while the pair is shown and gone after expires_at (a crashed GUI leaves a mark that expires).
CREATE TABLE review_editing (
  pair_id    BIGINT NOT NULL REFERENCES story_pair(id) ON DELETE CASCADE,
  reviewer   VARCHAR(200) NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (pair_id, reviewer)
);
CREATE INDEX review_editing_expiry ON review_editing(expires_at);

-- A set's pairs split among named reviewers, each pair to k of them (evenhand assign SET --reviewers ... --overlap k).
-- Assigning a set again replaces its rows; decisions already made stay in review_action.
CREATE TABLE review_assignment (
  set_id      BIGINT NOT NULL REFERENCES pair_set(id) ON DELETE CASCADE,
  pair_id     BIGINT NOT NULL REFERENCES story_pair(id) ON DELETE CASCADE,
  reviewer    VARCHAR(200) NOT NULL,
  assigned_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (pair_id, reviewer)
);
CREATE INDEX review_assignment_reviewer ON review_assignment(reviewer, pair_id);
CREATE INDEX review_assignment_set ON review_assignment(set_id, reviewer);
