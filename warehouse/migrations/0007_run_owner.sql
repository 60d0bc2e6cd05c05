-- Which process ran a run (host name and process id): a run whose process died without
-- closing its row (killed, power cut) is found by the next run on the same host, which
-- marks it crashed.
ALTER TABLE runs ADD COLUMN host VARCHAR;
ALTER TABLE runs ADD COLUMN pid INTEGER;
