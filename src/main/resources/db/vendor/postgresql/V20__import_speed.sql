-- PostgreSQL counterpart of db/vendor/h2/V20__import_speed.sql. Nothing to change: PostgreSQL keeps a sequence's cache
-- per session, so its identity columns keep the cache of 1 (see V13), and its text columns are TEXT already. The
-- statement repeats V13's setting so that both folders hold the same versions.
ALTER TABLE story_pair ALTER COLUMN id SET CACHE 1;
