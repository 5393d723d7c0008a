-- Issue 14: audits name their protocol and record every decoding option, ask each story K times (the
-- noise floor), and keep GenMO's environment label exactly as the source file wrote it (the paper's
-- analysis.py groups by exact labels).
-- protocol: 'evenhand' (structured output, the profile's audit options) or 'paper' (GenMO's evaluate_genmo.py).
-- decoding: per model tag, the options every call of the run is sent, as JSON text written by the audit use case.
ALTER TABLE audit_run ADD COLUMN protocol VARCHAR(20) NOT NULL DEFAULT 'evenhand';
ALTER TABLE audit_run ADD COLUMN samples INT NOT NULL DEFAULT 1;
ALTER TABLE audit_run ADD COLUMN decoding CHARACTER LARGE OBJECT NOT NULL DEFAULT '{}';
-- sample: which of the K answers to the same story (0 .. K-1); runs before V11 asked once (sample 0).
ALTER TABLE audit_judgment ADD COLUMN sample INT NOT NULL DEFAULT 0;
ALTER TABLE audit_judgment DROP CONSTRAINT audit_judgment_once;
ALTER TABLE audit_judgment ADD CONSTRAINT audit_judgment_once UNIQUE (run_id, pair_id, model_tag, gender, sample);
-- the environment label as the imported file wrote it (GenMO: " Others", " Family ", ""), NULL when unknown
-- (pairs imported before V11, generated pairs): the exact-label figures then use the stored label.
ALTER TABLE story_pair ADD COLUMN source_environment VARCHAR(100);
