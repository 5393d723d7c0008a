-- Issue 10, kind 7: pairs curated from an imported set (generate --from-set) kept an empty model tag, so
-- export --model TAG missed them. They take the model of their latest judgment, where one is recorded.
UPDATE story_pair p SET model_tag = (SELECT j.model_tag FROM judgment j JOIN story s ON s.id = j.story_id
    WHERE s.pair_id = p.id AND j.model_tag <> '' ORDER BY j.id DESC LIMIT 1)
  WHERE (p.model_tag IS NULL OR p.model_tag = '')
    AND EXISTS (SELECT 1 FROM judgment j JOIN story s ON s.id = j.story_id WHERE s.pair_id = p.id AND j.model_tag <> '');

-- Issue 10, kind 6: audits stored a server failure (5xx, 503, timeout, dropped connection, broken stream,
-- refused request) as the model's answer INVALID. Those rows are no answers: they go, and their runs are
-- running again, so `audit --resume` asks them again. The failed calls stay in model_call.
UPDATE audit_run r SET status = 'running', finished_at = NULL WHERE EXISTS (SELECT 1 FROM audit_judgment a
    JOIN model_call mc ON mc.id = a.call_id WHERE a.run_id = r.id AND a.stance = 'INVALID' AND mc.outcome = 'failed'
    AND mc.fault_kind IN ('server_error', 'server_busy', 'timeout', 'dropped_connection', 'stream_error', 'bad_request', 'unreachable'));
DELETE FROM audit_judgment a WHERE a.stance = 'INVALID' AND EXISTS (SELECT 1 FROM model_call mc WHERE mc.id = a.call_id
    AND mc.outcome = 'failed'
    AND mc.fault_kind IN ('server_error', 'server_busy', 'timeout', 'dropped_connection', 'stream_error', 'bad_request', 'unreachable'));
