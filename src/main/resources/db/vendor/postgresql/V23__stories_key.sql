-- PostgreSQL copy of db/vendor/h2/V23__stories_key.sql: the first 16 hex digits of the stories hash as a signed BIGINT
-- (big-endian, as StoriesKey.of reads them), indexed in place of the hash.
ALTER TABLE story_pair ADD COLUMN stories_key BIGINT;
UPDATE story_pair SET stories_key = ('x' || SUBSTR(stories_hash, 1, 16))::BIT(64)::BIGINT WHERE stories_hash IS NOT NULL;
DROP INDEX story_pair_stories_hash;
CREATE INDEX story_pair_stories_key ON story_pair(stories_key);
