-- Indicator values arrive in bulk (a quarter of a whole region in one push), so their history keeps only
-- what the row itself cannot: as in a system-versioned table, the current version lives in the row and the
-- history holds the changes made to it. A value never changed since it was created (version 1) is its own
-- creation entry: received_at, updated_by and token_id say when, who and with which token. Its first update
-- writes that creation entry into the history (worker/db/sync.ts) before recording the change, and the
-- history endpoint lists the version-1 rows as creations (worker/db/history.ts). A push of new values
-- therefore writes each value once, not twice.

-- The token of the last change, which the history row of a creation no longer carries.
ALTER TABLE indicator_values ADD COLUMN token_id TEXT;

UPDATE indicator_values SET token_id = (
  SELECT h.token_id FROM indicator_value_history h
  WHERE h.indicator_code = indicator_values.indicator_code AND h.actor_id = indicator_values.actor_id
    AND h.period = indicator_values.period
  ORDER BY h.seq DESC LIMIT 1
);

-- Creation entries of values still at version 1: their row now stands for them.
DELETE FROM indicator_value_history
WHERE before IS NULL AND EXISTS (
  SELECT 1 FROM indicator_values v
  WHERE v.indicator_code = indicator_value_history.indicator_code AND v.actor_id = indicator_value_history.actor_id
    AND v.period = indicator_value_history.period AND v.version = 1
);

-- Every change of every indicator value, creations included: what the history endpoint lists.
CREATE VIEW indicator_value_changes AS
  SELECT seq, indicator_code, actor_id, period, changed_at, changed_by, token_id, before, after
    FROM indicator_value_history
  UNION ALL
  SELECT seq, indicator_code, actor_id, period, received_at, updated_by, token_id, NULL,
    json_object('value', value, 'target', target, 'source', source, 'comment', comment)
    FROM indicator_values WHERE version = 1;
