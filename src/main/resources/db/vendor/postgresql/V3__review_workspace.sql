-- PostgreSQL copy of db/vendor/h2/V3__review_workspace.sql (identity columns instead of AUTO_INCREMENT, TEXT instead of CHARACTER LARGE OBJECT).
-- The review workspace: fidelity flags (non-gender differences between the two stories), a lower-case
-- search text (stories, explanations, balanced judgments) for full-text search, and indexes for the
-- queue's filters and sorts.
ALTER TABLE story_pair ADD COLUMN fidelity_flags INT;
-- the search text lives in a narrow table of its own: a search reads only this text, not whole pair rows
CREATE TABLE pair_search (
  pair_id BIGINT PRIMARY KEY REFERENCES story_pair(id) ON DELETE CASCADE,
  text    VARCHAR(60000) NOT NULL
);
INSERT INTO pair_search(pair_id, text) SELECT p.id, LOWER(SUBSTRING(CONCAT(
    (SELECT s.text FROM story s WHERE s.pair_id = p.id AND s.gender = 'male'), CHR(10),
    (SELECT s.text FROM story s WHERE s.pair_id = p.id AND s.gender = 'female')), 1, 60000)) FROM story_pair p;
CREATE INDEX story_pair_created ON story_pair(stage, created_at);
CREATE INDEX story_pair_model ON story_pair(model_tag);
CREATE INDEX story_pair_flags ON story_pair(fidelity_flags);
CREATE INDEX review_action_reviewer ON review_action(reviewer, pair_id);
-- the queue's default order (divergent, then consistent, then undecided; by id within each) as one
-- ascending key, so H2 reads a page straight from an index instead of sorting 100,000 rows
ALTER TABLE story_pair ADD COLUMN queue_key BIGINT;
UPDATE story_pair SET queue_key = CASE WHEN divergent THEN 0 WHEN NOT divergent THEN 1 ELSE 2 END * 1099511627776 + id;
CREATE INDEX story_pair_queue_order ON story_pair(stage, queue_key);
CREATE INDEX story_pair_queue_status_order ON story_pair(stage, status, queue_key);
-- replaced by the two above, whose order matches the queue's (H2 picks one index and then would sort)
DROP INDEX story_pair_queue;
