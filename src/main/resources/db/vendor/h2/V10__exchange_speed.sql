-- Issue 13, point 8 (speed of imports and exports).
-- The identity columns an import fills take their ids from H2's sequences 10,000 at a time
-- (H2's default is 32). H2 writes a sequence's next cached value in a commit of its own each time the cache runs
-- out, and with WRITE_DELAY=0 (Database.URL_SETTINGS) every such commit writes a chunk to the file: importing
-- 100,000 pairs (a pair row, two stories, two judgments each) made about 15,600 of them, nearly half the import's
-- time in ExchangeBench. A killed process leaves at most 10,000 ids of each unused (a clean close gives them back): ids keep their order, with gaps.
ALTER TABLE story_pair ALTER COLUMN id SET CACHE 10000;
ALTER TABLE story ALTER COLUMN id SET CACHE 10000;
ALTER TABLE judgment ALTER COLUMN id SET CACHE 10000;
ALTER TABLE review_action ALTER COLUMN id SET CACHE 10000;
ALTER TABLE model_call ALTER COLUMN id SET CACHE 10000;

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
