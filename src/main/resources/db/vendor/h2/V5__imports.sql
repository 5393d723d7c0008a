-- Imports: a hash of the two stories finds a pair already stored (skipped and counted); an imported
-- Evenhand record keeps the pair id and set it had where it was exported, so a round trip writes the
-- same file again.
ALTER TABLE story_pair ADD COLUMN stories_hash VARCHAR(64);
UPDATE story_pair p SET stories_hash = LOWER(RAWTOHEX(HASH('SHA-256', CAST(CONCAT(
    (SELECT s.text FROM story s WHERE s.pair_id = p.id AND s.gender = 'male'), CHAR(0),
    (SELECT s.text FROM story s WHERE s.pair_id = p.id AND s.gender = 'female')) AS VARBINARY))));
CREATE INDEX story_pair_stories_hash ON story_pair(stories_hash);
ALTER TABLE story_pair ADD COLUMN source_id BIGINT;
ALTER TABLE story_pair ADD COLUMN source_set VARCHAR(200);
ALTER TABLE pair_set ADD COLUMN imported_from VARCHAR(1000);
