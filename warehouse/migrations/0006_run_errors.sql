-- Why a run failed: the exception that ended it, as "ErrorClass: message" (NULL while it
-- runs and when it completed).
ALTER TABLE runs ADD COLUMN error_message VARCHAR;
