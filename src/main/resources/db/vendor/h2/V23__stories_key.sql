-- Issue 13, point 8 (import speed). The duplicate check finds a pair by a BIGINT key, the first 64 bits of its stories
-- hash (StoriesKey), and confirms the match by the whole hash, which stays in its column, no longer indexed. The index
-- on the 64-character hash took new pairs at random places in large entries: each commit of an import rewrote a couple
-- of hundred of its pages, 270 MB of the 500 MB H2 wrote importing 100,000 pairs in ExchangeBench; the BIGINT index
-- takes a fraction of that.
ALTER TABLE story_pair ADD COLUMN stories_key BIGINT;
CREATE ALIAS EVENHAND_STORIES_KEY FOR 'dev.evenhand.store.StoriesKey.of';
UPDATE story_pair SET stories_key = EVENHAND_STORIES_KEY(stories_hash) WHERE stories_hash IS NOT NULL;
DROP ALIAS EVENHAND_STORIES_KEY;
DROP INDEX story_pair_stories_hash;
CREATE INDEX story_pair_stories_key ON story_pair(stories_key);
