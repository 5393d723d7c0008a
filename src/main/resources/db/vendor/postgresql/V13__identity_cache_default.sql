-- PostgreSQL copy of db/vendor/h2/V13__identity_cache_default.sql (identity columns instead of AUTO_INCREMENT, TEXT instead of CHARACTER LARGE OBJECT).
-- H2 set its identity caches back to 32 here (see db/vendor/h2). PostgreSQL keeps a sequence's cache per session, so a
-- cache above 1 would hand each connection its own block of ids and pairs would no longer be numbered in the order they
-- were stored: the identity columns keep PostgreSQL's default of 1, said explicitly.
ALTER TABLE story_pair ALTER COLUMN id SET CACHE 1;
ALTER TABLE story ALTER COLUMN id SET CACHE 1;
ALTER TABLE judgment ALTER COLUMN id SET CACHE 1;
ALTER TABLE review_action ALTER COLUMN id SET CACHE 1;
ALTER TABLE model_call ALTER COLUMN id SET CACHE 1;
