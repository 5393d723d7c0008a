-- PostgreSQL copy of db/vendor/h2/V10__exchange_speed.sql (identity columns instead of AUTO_INCREMENT, TEXT instead of CHARACTER LARGE OBJECT).
-- Issue 13, point 8 (speed of imports and exports).
-- (H2 only: larger identity caches, later undone by V13. PostgreSQL's identity columns keep their default cache of 1,
-- so ids follow the order of the inserts across connections.)

-- When each pair last went out as training data, in a narrow table of its own (as pair_search holds the search text):
-- a trainer export marks every pair it wrote, and rewriting 100,000 whole story_pair rows to set one column took
-- 1.8 s of a 2.9 s trl-dpo export in ExchangeBench; a row here is a pair id and a time. A pair without a row here was
-- never exported.
CREATE TABLE pair_export (
  pair_id     BIGINT PRIMARY KEY REFERENCES story_pair(id) ON DELETE CASCADE,
  exported_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO pair_export(pair_id, exported_at) SELECT id, exported_at FROM story_pair WHERE exported_at IS NOT NULL;
ALTER TABLE story_pair DROP COLUMN exported_at;
