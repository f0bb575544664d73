-- The regional database. Natural keys everywhere (the ids the region already uses); every synced record
-- carries a version (optimistic concurrency) and a global change sequence (pull cursor); every write leaves
-- a history row. JSON columns hold what SQL never filters on.

-- Reference data -------------------------------------------------------------------------------------------

CREATE TABLE actors (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('administration', 'regional-body', 'group')),
  name_fr TEXT NOT NULL,
  name_en TEXT NOT NULL,
  name_pt TEXT,
  iso3 TEXT,
  seat TEXT,
  aliases TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases)),
  -- groups: the actors they stand for; "*" = every member administration
  members TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(members)),
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX actors_kind ON actors (kind);

-- Dated membership of the region (administrations): completeness reports count members at a period.
CREATE TABLE memberships (
  actor_id TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
  from_date TEXT NOT NULL,
  to_date TEXT,
  PRIMARY KEY (actor_id, from_date)
) WITHOUT ROWID;

CREATE TABLE meetings (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('contact-points', 'gtr', 'experts', 'dg-conference')),
  number INTEGER,
  title_fr TEXT NOT NULL,
  title_en TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  place TEXT,
  previous_meeting_id TEXT REFERENCES meetings (id),
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX meetings_previous ON meetings (previous_meeting_id);

CREATE TABLE recommendations (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings (id),
  kind TEXT NOT NULL CHECK (kind IN ('recommendation', 'diligence')),
  number TEXT NOT NULL,
  text_fr TEXT NOT NULL,
  text_en TEXT,
  due TEXT CHECK (due IS NULL OR json_valid(due)),
  -- the due date when `due` is a plain date, for "overdue" in SQL
  due_date TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX recommendations_meeting ON recommendations (meeting_id, id);

CREATE TABLE recommendation_addressees (
  recommendation_id TEXT NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
  actor_id TEXT NOT NULL REFERENCES actors (id),
  PRIMARY KEY (recommendation_id, actor_id)
) WITHOUT ROWID;
CREATE INDEX recommendation_addressees_actor ON recommendation_addressees (actor_id, recommendation_id);

-- Changes to actors, meetings and recommendations: the whole record before and after.
CREATE TABLE reference_history (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL CHECK (entity IN ('actor', 'meeting', 'recommendation')),
  entity_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  before TEXT,
  after TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL
);
CREATE INDEX reference_history_entity ON reference_history (entity, entity_id, id);

-- Indicator catalogue (GTR) -------------------------------------------------------------------------------

CREATE TABLE indicators (
  code TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
  disclosure TEXT NOT NULL CHECK (disclosure IN ('public', 'regional', 'restricted')),
  value_type TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('higher-is-better', 'lower-is-better', 'neutral')),
  aggregation TEXT NOT NULL CHECK (aggregation IN ('sum', 'mean', 'weighted-mean', 'median', 'none')),
  weight_code TEXT,
  periodicity TEXT NOT NULL CHECK (periodicity IN ('yearly', 'semester', 'quarterly', 'monthly')),
  green REAL NOT NULL,
  amber REAL NOT NULL,
  computed INTEGER NOT NULL DEFAULT 0,
  -- the whole definition (names, synonyms, unit, targets, formula) as the model's Indicator, without
  -- status and version, which are the columns above
  definition TEXT NOT NULL CHECK (json_valid(definition)),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX indicators_status ON indicators (status, disclosure);

-- Every version of every indicator, as it was published, edited or retired.
CREATE TABLE indicator_versions (
  code TEXT NOT NULL REFERENCES indicators (code) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  disclosure TEXT NOT NULL,
  definition TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  PRIMARY KEY (code, version)
) WITHOUT ROWID;

-- The catalogue's targets, copied out of `definition` so that reports can join them. actor_id '' = every
-- administration.
CREATE TABLE indicator_targets (
  code TEXT NOT NULL REFERENCES indicators (code) ON DELETE CASCADE,
  period TEXT NOT NULL,
  actor_id TEXT NOT NULL DEFAULT '',
  value REAL NOT NULL,
  PRIMARY KEY (code, period, actor_id)
) WITHOUT ROWID;

-- Synced records ---------------------------------------------------------------------------------------------

-- The last change sequence handed out. Every write takes the next numbers, so that a pull can ask for
-- "everything after N".
CREATE TABLE change_seq (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
INSERT INTO change_seq (id, value) VALUES (1, 0);

CREATE TABLE follow_ups (
  recommendation_id TEXT NOT NULL REFERENCES recommendations (id),
  actor_id TEXT NOT NULL REFERENCES actors (id),
  status TEXT NOT NULL CHECK (status IN ('not-started', 'in-progress', 'implemented', 'not-applicable')),
  progress REAL,
  actions TEXT,
  due TEXT CHECK (due IS NULL OR json_valid(due)),
  due_date TEXT,
  evidence TEXT,
  comment TEXT,
  updated_on TEXT,
  review_state TEXT NOT NULL DEFAULT 'none' CHECK (review_state IN ('none', 'pending', 'accepted', 'returned')),
  review_comment TEXT,
  reviewed_at TEXT,
  reviewed_by TEXT,
  version INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (recommendation_id, actor_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX follow_ups_seq ON follow_ups (seq);
CREATE INDEX follow_ups_actor ON follow_ups (actor_id, recommendation_id);
CREATE INDEX follow_ups_review ON follow_ups (review_state, actor_id);
CREATE INDEX follow_ups_updated ON follow_ups (updated_at);

CREATE TABLE indicator_values (
  indicator_code TEXT NOT NULL REFERENCES indicators (code),
  period TEXT NOT NULL,
  actor_id TEXT NOT NULL REFERENCES actors (id),
  value REAL,
  target REAL,
  source TEXT,
  comment TEXT,
  version INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  -- (indicator, administration) first: an administration's values and one record are both key prefixes, and
  -- the table keeps to two b-trees (this and seq), which is what bulk pushes pay for
  PRIMARY KEY (indicator_code, actor_id, period)
) WITHOUT ROWID;
CREATE UNIQUE INDEX indicator_values_seq ON indicator_values (seq);

-- One row per change of a follow-up: the changed fields' old (NULL when created) and new values, and the
-- state after the change, so that "what was the status on date X" is one indexed query.
CREATE TABLE follow_up_history (
  seq INTEGER PRIMARY KEY,
  recommendation_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  token_id TEXT,
  status TEXT NOT NULL,
  due_date TEXT,
  review_state TEXT NOT NULL,
  before TEXT,
  after TEXT NOT NULL
);
CREATE INDEX follow_up_history_key ON follow_up_history (recommendation_id, actor_id, seq);
CREATE INDEX follow_up_history_actor ON follow_up_history (actor_id, seq);
CREATE INDEX follow_up_history_time ON follow_up_history (changed_at);

CREATE TABLE indicator_value_history (
  indicator_code TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  period TEXT NOT NULL,
  seq INTEGER NOT NULL,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  token_id TEXT,
  before TEXT,
  after TEXT NOT NULL,
  -- one b-tree: a record's changes, an administration's per indicator; bulk pushes write one history row each
  PRIMARY KEY (indicator_code, actor_id, period, seq)
) WITHOUT ROWID;

-- A write batch inserts a row here when the records it was planned on changed since they were read: the CHECK
-- then fails and D1 rolls the whole batch back (the Worker re-reads and re-plans).
CREATE TABLE write_guard (ok INTEGER NOT NULL CONSTRAINT stale_snapshot CHECK (ok = 1));

-- Access ----------------------------------------------------------------------------------------------------

CREATE TABLE tokens (
  -- the public part of the token (omd_<id>_<secret>), shown in lists and used to revoke
  id TEXT PRIMARY KEY,
  -- hex SHA-256 of the whole token: the token itself is never stored
  token_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('administration', 'brrc', 'gtr', 'admin')),
  actor_id TEXT REFERENCES actors (id),
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  CHECK ((role = 'administration') = (actor_id IS NOT NULL))
);

-- The first answer to each push made with an Idempotency-Key, per token; long answers in parts.
CREATE TABLE idempotency (
  token_id TEXT NOT NULL,
  key TEXT NOT NULL,
  part INTEGER NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (token_id, key, part)
) WITHOUT ROWID;
CREATE INDEX idempotency_created ON idempotency (created_at);
