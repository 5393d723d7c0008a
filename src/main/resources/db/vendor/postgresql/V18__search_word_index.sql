-- Full-text search at a million pairs (issue 15, point 8): a GIN index over the words of each pair's search text, so a
-- search word is looked up in the index instead of LIKE reading every row of pair_search. The 'simple' configuration
-- keeps every word as it is written (lower case, no stemming, no stop words): PairSql looks each search word up as a
-- prefix of the text's words and checks the rows found with the same LIKE as H2. The query must name the expression
-- exactly as here (PairSql.SEARCH_WORDS).
CREATE INDEX pair_search_words ON pair_search USING GIN (to_tsvector('simple', text));
