-- Stands for a migration of a newer Evenhand: a database that has it applied is refused by this one.
CREATE TABLE from_a_newer_evenhand (id INT PRIMARY KEY);
