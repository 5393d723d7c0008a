-- Full-text search at a million pairs on H2 (issue 15, point 8): H2 keeps no word index of its own that an import can
-- afford (FT_INIT's triggers made ExchangeBench's import 2.8 times slower), so Evenhand keeps a Lucene index beside the
-- database file (store/SearchIndex), filled in the background after the rows are committed. The database says which
-- rows the index holds as they are now: `indexed` is set once a row's text is in a committed index and cleared by every
-- change of the text; search_index_state names the index the flags refer to (one row; none until an index is built),
-- so a missing, rebuilt or foreign index is never trusted. PostgreSQL searches with its own GIN index (V18) and never
-- sets the flags; the columns are the same on both so that `db copy` moves every table as it is.
ALTER TABLE pair_search ADD COLUMN indexed BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX pair_search_unindexed ON pair_search(indexed, pair_id);
CREATE TABLE search_index_state (
    index_id VARCHAR(64) NOT NULL PRIMARY KEY
);
