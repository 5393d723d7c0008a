-- PostgreSQL copy of db/vendor/h2/V8__drafts.sql (identity columns instead of AUTO_INCREMENT, TEXT instead of CHARACTER LARGE OBJECT).
-- Issue 12, point 2: drafts are never lost. A balanced judgment being edited on the Review screen is kept
-- here, one row per pair and reviewer (so a blind second reviewer's draft never shows to anyone else), from the moment the reviewer pauses or moves away, so a crash keeps it too. It
-- is not the pair's balanced judgment (that changes only when a review action is saved): accepting saves
-- the draft's text as the accepted text and deletes the draft; discarding deletes it. A deleted pair
-- takes its draft with it.
CREATE TABLE balanced_draft (
  pair_id     BIGINT NOT NULL REFERENCES story_pair(id) ON DELETE CASCADE,
  male_text   TEXT NOT NULL,
  female_text TEXT NOT NULL,
  reviewer    VARCHAR(200) NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (pair_id, reviewer)
);
