-- H2 counterpart of db/vendor/postgresql/V18__search_word_index.sql: nothing to change. H2 keeps searching pair_search
-- with LIKE (PairSql); H2's own full-text search (FT_INIT, or Lucene) has not been measured against it yet.
SELECT 1;
