-- A run that curates an imported set (`generate --from-set`) no longer drops any of its pairs (RunAttempts.curating): a
-- newcomer's `generate --from-set genmo` had left 643 of GenMO's 908 pairs at stage dropped, gone from stats, the review
-- queue and the backup. This gives back what such runs dropped before: pairs of an imported set (imported_from) that a
-- run dropped (run_id) and no seed theme wrote (theme_id NULL: an attempt a run wrote itself always has one). A consistent
-- pair, or one whose balanced judgment failed, is kept judged without a balanced judgment, as a run now keeps it; one whose
-- judgment failed waits in its set for judgments again. The queue key follows the stage, as PairRows.QUEUE_KEY sets it.
UPDATE story_pair SET stage = CASE WHEN drop_reason = 'judgment_failed' THEN 'imported' ELSE 'complete' END,
    divergent = CASE WHEN drop_reason = 'judgment_failed' THEN NULL ELSE divergent END,
    drop_reason = NULL,
    queue_key = CASE WHEN drop_reason = 'judgment_failed' THEN 2 WHEN divergent THEN 0 WHEN NOT divergent THEN 1 ELSE 2 END * 1099511627776 + id
  WHERE stage = 'dropped' AND run_id IS NOT NULL AND theme_id IS NULL AND drop_reason IN ('consistent', 'balanced_failed', 'judgment_failed')
    AND set_id IN (SELECT id FROM pair_set WHERE imported_from IS NOT NULL);
