-- Issue 13, point 8 (import speed). The duplicate check finds a pair by a BIGINT key, the first 64 bits of its stories
-- hash (StoriesKey), and confirms the match by the whole hash, which stays in its column, no longer indexed. The index
-- on the 64-character hash took new pairs at random places, so each commit of an import rewrote many of its pages:
-- H2 wrote 498 MB importing ExchangeBench's 100,000 pairs with it, 287 MB with the index on the key.
ALTER TABLE story_pair ADD COLUMN stories_key BIGINT;
CREATE ALIAS EVENHAND_STORIES_KEY FOR 'dev.evenhand.store.StoriesKey.of';
UPDATE story_pair SET stories_key = EVENHAND_STORIES_KEY(stories_hash) WHERE stories_hash IS NOT NULL;
DROP ALIAS EVENHAND_STORIES_KEY;
DROP INDEX story_pair_stories_hash;
CREATE INDEX story_pair_stories_key ON story_pair(stories_key);
