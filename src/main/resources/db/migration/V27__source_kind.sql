-- Where an imported pair came from, kept through a backup. A pair set has one kind (genmo, paper, csv, jsonl, ...), so a
-- GenMO set backed up with `export --format evenhand` and restored with `import jsonl` became a set of kind jsonl, and
-- the dataset card of its pairs said "their source's licence applies" instead of naming GenMO's licences (CC BY-SA 4.0
-- for the pairs from Social Chemistry 101); GenMO imported into a set a CSV import had made kept the set's kind, csv.
-- An import now writes the kind of source each pair first came from: the record's "set_kind" (Evenhand's own JSONL, which
-- now writes it), else the import's source. NULL, for pairs stored before and for generated pairs, means the set's kind.
ALTER TABLE story_pair ADD COLUMN source_kind VARCHAR(40);
