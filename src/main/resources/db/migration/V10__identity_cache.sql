-- Issue 13, point 8: the identity columns an import fills take their ids from H2's sequences 10,000 at a time
-- (H2's default is 32). H2 writes a sequence's next cached value in a commit of its own each time the cache runs
-- out, and with WRITE_DELAY=0 (Database.URL_SETTINGS) every such commit writes a chunk to the file: importing
-- 100,000 pairs (a pair row, two stories, two judgments each) made about 15,600 of them, nearly half the import's
-- time in ExchangeBench. A killed process leaves at most 10,000 ids of each unused (a clean close gives them back): ids keep their order, with gaps.
ALTER TABLE story_pair ALTER COLUMN id SET CACHE 10000;
ALTER TABLE story ALTER COLUMN id SET CACHE 10000;
ALTER TABLE judgment ALTER COLUMN id SET CACHE 10000;
ALTER TABLE review_action ALTER COLUMN id SET CACHE 10000;
ALTER TABLE model_call ALTER COLUMN id SET CACHE 10000;
