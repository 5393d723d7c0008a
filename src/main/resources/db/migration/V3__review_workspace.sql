-- The review workspace: fidelity flags (non-gender differences between the two stories), a lower-case
-- search text (stories, explanations, balanced judgments) for full-text search, and indexes for the
-- queue's filters and sorts.
ALTER TABLE story_pair ADD COLUMN fidelity_flags INT;
ALTER TABLE story_pair ADD COLUMN search_text VARCHAR(60000);
UPDATE story_pair p SET search_text = LOWER(SUBSTRING(CONCAT(
    (SELECT s.text FROM story s WHERE s.pair_id = p.id AND s.gender = 'male'), CHAR(10),
    (SELECT s.text FROM story s WHERE s.pair_id = p.id AND s.gender = 'female')), 1, 60000));
CREATE INDEX story_pair_created ON story_pair(stage, created_at);
CREATE INDEX story_pair_model ON story_pair(model_tag);
CREATE INDEX story_pair_flags ON story_pair(fidelity_flags);
CREATE INDEX review_action_reviewer ON review_action(reviewer, pair_id);
