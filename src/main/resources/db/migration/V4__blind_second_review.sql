-- A second reviewer can review already-reviewed pairs blind: their decisions are history rows marked
-- blind, which do not change the pair's status; the agreement panel compares them with the first review.
ALTER TABLE review_action ADD COLUMN blind BOOLEAN NOT NULL DEFAULT FALSE;
