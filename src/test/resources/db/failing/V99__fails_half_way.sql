-- A migration that fails after its first statement: H2 does not roll back the CREATE TABLE, so applied in
-- place it would leave the database half-upgraded.
CREATE TABLE half_way (id INT PRIMARY KEY);
ALTER TABLE no_such_table ADD COLUMN x INT;
