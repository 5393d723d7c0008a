-- Issue 13, point 8 (export speed). Whether a pair's protagonists' names were worked out from its stories when it was
-- stored (every import does so since issue 12), so that a blank name means "the story names none" (a first-person
-- story: most of GenMO's pairs) and the neutrality gate takes the names as stored instead of working them out again
-- on every export (working them out was about half of the export thread's samples in ExchangeBench's JFR profile).
-- Pairs stored before this version, and generated pairs, keep FALSE: the gate works their names out as before.
ALTER TABLE story_pair ADD COLUMN names_checked BOOLEAN DEFAULT FALSE NOT NULL;
