-- Issue 13, point 8 (import speed), from a JFR profile of ExchangeBench's import.
--
-- 1. The identity caches back to 10,000 (V10), undoing V13. V13 went back to H2's default of 32 because a kill -9 had
-- left part of one large import committed. The cause was found later and was not the cache: H2 2.5.252 does not keep
-- one large transaction whole under SIGKILL, whatever the cache (LargeTransactionKillBench tears it with the default
-- of 32), and since V15 an import is small transactions under a journal that rolls an interrupted import back or
-- forward at the next open. With a cache of 32, H2 commits the sequence in a transaction of its own every 32 ids, and
-- with WRITE_DELAY=0 each such commit writes every unsaved page to the file: 247 of 1,066 samples in a JFR profile of
-- ExchangeBench's imports (a quarter). A killed
-- process leaves at most 10,000 ids of each unused (a clean close gives them back): ids keep their order, with gaps.
ALTER TABLE story_pair ALTER COLUMN id SET CACHE 10000;
ALTER TABLE story ALTER COLUMN id SET CACHE 10000;
ALTER TABLE judgment ALTER COLUMN id SET CACHE 10000;
ALTER TABLE review_action ALTER COLUMN id SET CACHE 10000;
ALTER TABLE model_call ALTER COLUMN id SET CACHE 10000;

-- 2. The texts every pair has are kept in the row (CHARACTER VARYING, at most 1,000,000,000 characters: more than
-- FieldLimits.LONG_TEXT, so every stored text converts) instead of as large objects: H2 stores a CHARACTER LARGE
-- OBJECT longer than 256 characters in its LOB maps, written once as a temporary LOB and again when the row is
-- inserted, with a LOB id of its own. The columns read the same through JDBC (getString).
ALTER TABLE story ALTER COLUMN text SET DATA TYPE CHARACTER VARYING;
ALTER TABLE judgment ALTER COLUMN explanation SET DATA TYPE CHARACTER VARYING;
ALTER TABLE balanced_judgment ALTER COLUMN proposed_text SET DATA TYPE CHARACTER VARYING;
ALTER TABLE balanced_judgment ALTER COLUMN text SET DATA TYPE CHARACTER VARYING;
