-- Issue 13, point 8: one row per marked pair (V24) made marking 0.5 of the 3.1 CPU-seconds of a trl-dpo export of
-- 100,000 pairs in ExchangeBench (two maps and two undo-log entries a row in H2), enough to keep the export behind
-- the plain-Jackson baseline. A row now marks a run of consecutive pair ids of one export run, cut at blocks of 1,024
-- ids (ExportRun.MARK_BLOCK): a pair's marks are the rows of its block (p.id / 1024) whose range holds its id, looked
-- up through the primary key; an export of a whole set writes about one row per 1,024 pairs, a scattered one at most
-- one row per pair, as before. The old marks come over as ranges of one id.
CREATE TABLE export_mark_range (
  block    BIGINT NOT NULL,
  run_id   BIGINT NOT NULL,
  first_id BIGINT NOT NULL,
  last_id  BIGINT NOT NULL,
  PRIMARY KEY (block, run_id, first_id)
);

INSERT INTO export_mark_range(block, run_id, first_id, last_id) SELECT pair_id / 1024, run_id, pair_id, pair_id FROM export_mark;

DROP TABLE export_mark;

ALTER TABLE export_mark_range RENAME TO export_mark;
