-- Back to H2's default identity cache (V10 set 10,000). A kill -9 during an import left part of the import's pairs
-- committed (844 or 1,012 of 1,816 pairs of one import in 2 of 20 kills; the crash harness found an index entry
-- without its row) with the 10,000 cache, and never in 16 kills before V10.
ALTER TABLE story_pair ALTER COLUMN id SET CACHE 32;
ALTER TABLE story ALTER COLUMN id SET CACHE 32;
ALTER TABLE judgment ALTER COLUMN id SET CACHE 32;
ALTER TABLE review_action ALTER COLUMN id SET CACHE 32;
ALTER TABLE model_call ALTER COLUMN id SET CACHE 32;
