-- PostgreSQL copy of db/vendor/h2/V5__imports.sql (identity columns instead of AUTO_INCREMENT, TEXT instead of CHARACTER LARGE OBJECT).
-- Imports: a hash of the two stories finds a pair already stored (skipped and counted); an imported
-- Evenhand record keeps the pair id and set it had where it was exported, so a round trip writes the
-- same file again.
ALTER TABLE story_pair ADD COLUMN stories_hash VARCHAR(64);
-- PostgreSQL: text cannot hold CHR(0), so the zero byte joins the stories' UTF-8 bytes (the same bytes H2 hashes)
UPDATE story_pair p SET stories_hash = ENCODE(SHA256(
    CONVERT_TO(COALESCE((SELECT s.text FROM story s WHERE s.pair_id = p.id AND s.gender = 'male'), ''), 'UTF8') || '\x00'::BYTEA ||
    CONVERT_TO(COALESCE((SELECT s.text FROM story s WHERE s.pair_id = p.id AND s.gender = 'female'), ''), 'UTF8')), 'hex');
CREATE INDEX story_pair_stories_hash ON story_pair(stories_hash);
ALTER TABLE story_pair ADD COLUMN source_id BIGINT;
ALTER TABLE story_pair ADD COLUMN source_set VARCHAR(200);
ALTER TABLE pair_set ADD COLUMN imported_from VARCHAR(1000);
