-- Two imports at once stored the same pairs twice (a breaker, session sixteen: the same 20,000-pair CSV imported by
-- two processes gave 34,250 pairs): each checked a batch for pairs already stored before the other had committed the
-- same pairs. An import now takes this one row (SELECT ... FOR UPDATE) before it checks a batch and holds it until the
-- batch is committed, so the checks and writes of concurrent imports take turns, batch by batch (store/ImportLock).
-- The row is not data: `db copy` leaves the table out, as every database gets its own row here.
CREATE TABLE import_lock (
  id INT PRIMARY KEY
);
INSERT INTO import_lock (id) VALUES (1);
