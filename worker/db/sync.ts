import type { ActorKind } from "../../shared/model/actor";
import type { FollowUpFields, FollowUpKey } from "../../shared/model/follow-up";
import type { IndicatorStatus, ValueType } from "../../shared/model/indicator";
import type { IndicatorValueFields, IndicatorValueKey } from "../../shared/model/indicator-value";
import type { PullResponse, PushRequest, Review, SyncFollowUp, SyncIndicatorValue } from "../../shared/sync/protocol";
import { followUpKeyString, indicatorValueKeyString } from "../../shared/sync/protocol";
import type { Filter } from "../auth/policy";
import type { Db, Statement } from "./client";
import { jsonChunks, sql } from "./client";
import type { FollowUpRow, IndicatorValueRow } from "./records";
import { FOLLOW_UP_COLUMNS, VALUE_COLUMNS, followUpFromRow, indicatorValueFromRow } from "./records";
import { deadlineDate } from "./reference";
import type { WriteMeta } from "./reference";

// Reading what a push is planned on --------------------------------------------------------------------------

export interface IndicatorFacts {
  status: IndicatorStatus;
  valueType: ValueType;
  computed: boolean;
}

/**
 * The server's side of a push: the records it names and the references they need, read in one transaction.
 * Without `records`, only the references: the plan then takes every record for new, and the write batch's
 * guards refuse it if one exists after all.
 */
export interface Snapshot {
  followUps: Map<string, SyncFollowUp>;
  indicatorValues: Map<string, SyncIndicatorValue>;
  recommendations: Set<string>;
  actors: Map<string, ActorKind>;
  indicators: Map<string, IndicatorFacts>;
}

export async function readSnapshot(db: Db, req: PushRequest, { records = true } = {}): Promise<Snapshot> {
  const followUps = req.followUps ?? [];
  const values = req.indicatorValues ?? [];
  const statements: { kind: "f" | "v" | "r" | "a" | "i"; statement: Statement }[] = [];
  for (const { text: chunk } of records ? jsonChunks(followUps.map((r) => [r.key.recommendationId, r.key.actorId])) : []) {
    statements.push({
      kind: "f",
      statement: sql(
        `SELECT ${FOLLOW_UP_COLUMNS} FROM json_each(?) j
         JOIN follow_ups f ON f.recommendation_id = j.value->>0 AND f.actor_id = j.value->>1`,
        chunk,
      ),
    });
  }
  for (const { text: chunk } of records ? jsonChunks(values.map((r) => [r.key.indicatorCode, r.key.period, r.key.actorId])) : []) {
    statements.push({
      kind: "v",
      statement: sql(
        `SELECT ${VALUE_COLUMNS} FROM json_each(?) j
         JOIN indicator_values v ON v.indicator_code = j.value->>0 AND v.period = j.value->>1 AND v.actor_id = j.value->>2`,
        chunk,
      ),
    });
  }
  const distinct = (xs: string[]) => JSON.stringify([...new Set(xs)]);
  if (followUps.length > 0) {
    statements.push({
      kind: "r",
      statement: sql(
        "SELECT id FROM recommendations WHERE id IN (SELECT value FROM json_each(?))",
        distinct(followUps.map((r) => r.key.recommendationId)),
      ),
    });
  }
  if (values.length > 0) {
    statements.push({
      kind: "i",
      statement: sql(
        "SELECT code, status, value_type, computed FROM indicators WHERE code IN (SELECT value FROM json_each(?))",
        distinct(values.map((r) => r.key.indicatorCode)),
      ),
    });
  }
  statements.push({
    kind: "a",
    statement: sql(
      "SELECT id, kind FROM actors WHERE id IN (SELECT value FROM json_each(?))",
      distinct([...followUps.map((r) => r.key.actorId), ...values.map((r) => r.key.actorId)]),
    ),
  });

  const results = await db.batch(statements.map((s) => s.statement));
  const snap: Snapshot = {
    followUps: new Map(),
    indicatorValues: new Map(),
    recommendations: new Set(),
    actors: new Map(),
    indicators: new Map(),
  };
  statements.forEach(({ kind }, n) => {
    const rows = (results[n]?.results ?? []) as unknown[];
    for (const row of rows) {
      if (kind === "f") {
        const f = followUpFromRow(row as FollowUpRow);
        snap.followUps.set(followUpKeyString(f.key), f);
      } else if (kind === "v") {
        const v = indicatorValueFromRow(row as IndicatorValueRow);
        snap.indicatorValues.set(indicatorValueKeyString(v.key), v);
      } else if (kind === "r") snap.recommendations.add((row as { id: string }).id);
      else if (kind === "a") {
        const a = row as { id: string; kind: ActorKind };
        snap.actors.set(a.id, a.kind);
      } else {
        const i = row as { code: string; status: IndicatorStatus; value_type: ValueType; computed: number };
        snap.indicators.set(i.code, { status: i.status, valueType: i.value_type, computed: i.computed === 1 });
      }
    }
  });
  return snap;
}

// Writing ----------------------------------------------------------------------------------------------------

/** Changed fields, old and new: what one history row keeps. */
export type Changes = Record<string, unknown>;

export interface FollowUpWrite {
  key: FollowUpKey;
  fields: FollowUpFields;
  review: Review;
  version: number;
  /** Old values of the changed fields; null when the record is created. */
  before: Changes | null;
  after: Changes;
}

export interface IndicatorValueWrite {
  key: IndicatorValueKey;
  fields: IndicatorValueFields;
  version: number;
  before: Changes | null;
  /** New values of the changed fields; null when created (a value at version 1 is its own creation entry). */
  after: Changes | null;
}

export interface WriteSet {
  followUps: FollowUpWrite[];
  indicatorValues: IndicatorValueWrite[];
}

export function isEmpty(set: WriteSet): boolean {
  return set.followUps.length === 0 && set.indicatorValues.length === 0;
}

/** A chunk's rows take the next change sequence numbers in order: the last one handed out + ?4 (the rows of
 * earlier chunks) + the row's index in its JSON array + 1. */
const NEXT_SEQ = "(SELECT value FROM change_seq WHERE id = 1) + ?4 + j.key + 1";

/** JSON arrays read with json_each: a missing trailing element reads as NULL, so trailing nulls are left out. */
function trimNulls(row: unknown[]): unknown[] {
  let end = row.length;
  while (end > 0 && row[end - 1] === null) end--;
  return end === row.length ? row : row.slice(0, end);
}

/**
 * The statements that apply a write set in one D1 batch, whatever its size: each kind of row goes in as one
 * JSON parameter read with json_each (more only when the JSON passes D1's 2 MB value limit). Each write only
 * touches a row still as the plan saw it (absent, or at the version it was planned on), and the statement after
 * it counts what it changed: when a concurrent writer got there first, the count falls short, the guard's CHECK
 * fails and the whole batch rolls back. Then the history rows, then the change sequence.
 *
 * New indicator values are inserted and nothing else: a value at version 1 is its own creation entry
 * (migration 0002), and its first update writes that entry into the history before the change.
 */
export function writeStatements(set: WriteSet, meta: WriteMeta): Statement[] {
  const out: Statement[] = [];
  const guard = (rows: number) => sql("INSERT INTO write_guard (ok) SELECT 0 WHERE changes() <> ?", rows);
  let taken = 0;
  const chunksOf = (rows: unknown[][]) =>
    jsonChunks(rows).map((chunk) => {
      const offset = taken;
      taken += chunk.rows;
      return { ...chunk, offset };
    });
  // ?1 the chunk, ?2 the time, ?3 who, ?4 the chunk's sequence offset, ?5 the token; D1 takes exactly as many
  // values as the statement's highest ?N
  const bind = (text: string, chunk: { text: string; offset: number }) => {
    const used = Math.max(...[...text.matchAll(/\?(\d)/g)].map((m) => Number(m[1])));
    return sql(text, ...[chunk.text, meta.now, meta.by, chunk.offset, meta.tokenId].slice(0, used));
  };

  const followUpChunks = chunksOf(
    set.followUps.map((w) => [
      w.key.recommendationId,
      w.key.actorId,
      w.fields.status,
      w.fields.progress,
      w.fields.actions,
      w.fields.due,
      deadlineDate(w.fields.due),
      w.fields.evidence,
      w.fields.comment,
      w.fields.updatedOn,
      w.review.state,
      w.review.comment,
      w.review.reviewedAt,
      w.review.reviewedBy,
      w.version,
      w.before,
      w.after,
    ]),
  );
  const valueFields = (w: IndicatorValueWrite) => [
    w.key.indicatorCode,
    w.key.period,
    w.key.actorId,
    w.fields.value,
    w.fields.target,
    w.fields.source,
    w.fields.comment,
  ];
  const createdValueChunks = chunksOf(set.indicatorValues.filter((w) => w.before === null).map((w) => trimNulls(valueFields(w))));
  const updatedValueChunks = chunksOf(
    set.indicatorValues.filter((w) => w.before !== null).map((w) => [...valueFields(w), w.version, w.before, w.after]),
  );

  for (const chunk of followUpChunks) {
    out.push(
      bind(
        `INSERT INTO follow_ups (recommendation_id, actor_id, status, progress, actions, due, due_date, evidence, comment,
           updated_on, review_state, review_comment, reviewed_at, reviewed_by, version, seq, received_at, updated_at, updated_by)
         SELECT j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5, j.value->>6, j.value->>7,
           j.value->>8, j.value->>9, j.value->>10, j.value->>11, j.value->>12, j.value->>13, j.value->>14,
           ${NEXT_SEQ}, ?2, ?2, ?3
         FROM json_each(?1) j WHERE true
         ON CONFLICT (recommendation_id, actor_id) DO UPDATE SET status = excluded.status, progress = excluded.progress,
           actions = excluded.actions, due = excluded.due, due_date = excluded.due_date, evidence = excluded.evidence,
           comment = excluded.comment, updated_on = excluded.updated_on, review_state = excluded.review_state,
           review_comment = excluded.review_comment, reviewed_at = excluded.reviewed_at, reviewed_by = excluded.reviewed_by,
           version = excluded.version, seq = excluded.seq, updated_at = excluded.updated_at, updated_by = excluded.updated_by
         WHERE follow_ups.version = excluded.version - 1`,
        chunk,
      ),
      guard(chunk.rows),
    );
  }
  for (const chunk of createdValueChunks) {
    out.push(
      bind(
        `INSERT INTO indicator_values (indicator_code, period, actor_id, value, target, source, comment, version, seq,
           received_at, updated_at, updated_by, token_id)
         SELECT j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5, j.value->>6, 1, ${NEXT_SEQ},
           ?2, ?2, ?3, ?5
         FROM json_each(?1) j WHERE true
         ON CONFLICT DO NOTHING`,
        chunk,
      ),
      guard(chunk.rows),
    );
  }
  for (const chunk of updatedValueChunks) {
    out.push(
      // the creation entry of a value changed for the first time, from its row as it still is
      bind(
        `INSERT INTO indicator_value_history (seq, indicator_code, period, actor_id, changed_at, changed_by, token_id, before, after)
         SELECT v.seq, v.indicator_code, v.period, v.actor_id, v.received_at, v.updated_by, v.token_id, NULL,
           json_object('value', v.value, 'target', v.target, 'source', v.source, 'comment', v.comment)
         FROM json_each(?1) j
         JOIN indicator_values v ON v.indicator_code = j.value->>0 AND v.actor_id = j.value->>2 AND v.period = j.value->>1
         WHERE v.version = 1`,
        chunk,
      ),
      bind(
        `INSERT INTO indicator_values (indicator_code, period, actor_id, value, target, source, comment, version, seq,
           received_at, updated_at, updated_by, token_id)
         SELECT j.value->>0, j.value->>1, j.value->>2, j.value->>3, j.value->>4, j.value->>5, j.value->>6, j.value->>7,
           ${NEXT_SEQ}, ?2, ?2, ?3, ?5
         FROM json_each(?1) j WHERE true
         ON CONFLICT (indicator_code, actor_id, period) DO UPDATE SET value = excluded.value, target = excluded.target,
           source = excluded.source, comment = excluded.comment, version = excluded.version, seq = excluded.seq,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by, token_id = excluded.token_id
         WHERE indicator_values.version = excluded.version - 1`,
        chunk,
      ),
      guard(chunk.rows),
      bind(
        `INSERT INTO indicator_value_history (seq, indicator_code, period, actor_id, changed_at, changed_by, token_id, before, after)
         SELECT ${NEXT_SEQ}, j.value->>0, j.value->>1, j.value->>2, ?2, ?3, ?5, j.value->>8, j.value->>9
         FROM json_each(?1) j`,
        chunk,
      ),
    );
  }
  for (const chunk of followUpChunks) {
    out.push(
      bind(
        `INSERT INTO follow_up_history (seq, recommendation_id, actor_id, changed_at, changed_by, token_id, status, due_date,
           review_state, before, after)
         SELECT ${NEXT_SEQ}, j.value->>0, j.value->>1, ?2, ?3, ?5, j.value->>2, j.value->>6, j.value->>10, j.value->>15,
           j.value->>16
         FROM json_each(?1) j`,
        chunk,
      ),
    );
  }
  if (taken > 0) out.push(sql("UPDATE change_seq SET value = value + ? WHERE id = 1", taken));
  return out;
}

// Idempotency ------------------------------------------------------------------------------------------------

/** How long a push's first answer is kept for retries. */
export const IDEMPOTENCY_TTL_MS = 7 * 24 * 3600 * 1000;
const PART_CHARS = 500_000; // ≤ 1.5 MB of UTF-8 per part, under D1's 2 MB value limit

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: string;
}

export async function findAnswer(db: Db, tokenId: string, key: string): Promise<StoredAnswer | null> {
  const rows = await db.all<{ request_hash: string; status: number; body: string }>(
    sql("SELECT request_hash, status, body FROM idempotency WHERE token_id = ? AND key = ? ORDER BY part", tokenId, key),
  );
  const first = rows[0];
  if (!first) return null;
  return { requestHash: first.request_hash, status: first.status, body: rows.map((r) => r.body).join("") };
}

/**
 * Statements that keep the answer, in the same batch as the writes: part 0's primary key makes a concurrent
 * duplicate fail as a whole, so a push is applied at most once per key. Old answers are dropped on the way.
 */
export function storeAnswerStatements(tokenId: string, key: string, answer: StoredAnswer, now: Date): Statement[] {
  const parts: string[] = [];
  for (let i = 0; i < answer.body.length || parts.length === 0; ) {
    let end = Math.min(i + PART_CHARS, answer.body.length);
    const last = answer.body.charCodeAt(end - 1);
    if (end < answer.body.length && last >= 0xd800 && last <= 0xdbff) end -= 1; // keep surrogate pairs whole
    parts.push(answer.body.slice(i, end));
    i = end;
  }
  const created = now.toISOString();
  return [
    sql("DELETE FROM idempotency WHERE created_at < ?", new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString()),
    ...parts.map((body, part) =>
      sql(
        "INSERT INTO idempotency (token_id, key, part, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        tokenId,
        key,
        part,
        answer.requestHash,
        answer.status,
        body,
        created,
      ),
    ),
  ];
}

// Pull -------------------------------------------------------------------------------------------------------

const FOLLOW_UP_JSON = `json_object('recommendation_id', f.recommendation_id, 'actor_id', f.actor_id, 'status', f.status,
  'progress', f.progress, 'actions', f.actions, 'due', f.due, 'evidence', f.evidence, 'comment', f.comment,
  'updated_on', f.updated_on, 'review_state', f.review_state, 'review_comment', f.review_comment,
  'reviewed_at', f.reviewed_at, 'reviewed_by', f.reviewed_by, 'version', f.version, 'received_at', f.received_at,
  'updated_at', f.updated_at, 'updated_by', f.updated_by)`;
const VALUE_JSON = `json_object('indicator_code', v.indicator_code, 'period', v.period, 'actor_id', v.actor_id,
  'value', v.value, 'target', v.target, 'source', v.source, 'comment', v.comment, 'version', v.version,
  'received_at', v.received_at, 'updated_at', v.updated_at, 'updated_by', v.updated_by)`;

/**
 * The records the caller may see that changed after `since`, oldest change first, at most `limit`. Both
 * kinds share the change sequence, so one merged, indexed scan pages through them; the sequence is read in
 * the same transaction, so that a last page can move the cursor past changes the caller cannot see.
 */
export async function pullPage(
  db: Db,
  since: number,
  limit: number,
  followUps: Filter,
  values: Filter,
): Promise<PullResponse> {
  const [page, seq] = await db.batch([
    sql(
      `SELECT 'f' AS kind, f.seq AS seq, ${FOLLOW_UP_JSON} AS data FROM follow_ups f WHERE f.seq > ? AND ${followUps.sql}
       UNION ALL
       SELECT 'v' AS kind, v.seq AS seq, ${VALUE_JSON} AS data FROM indicator_values v
         JOIN indicators i ON i.code = v.indicator_code WHERE v.seq > ? AND ${values.sql}
       ORDER BY 2 LIMIT ?`,
      since,
      ...followUps.params,
      since,
      ...values.params,
      limit + 1,
    ),
    sql("SELECT value FROM change_seq WHERE id = 1"),
  ]);
  const rows = (page?.results ?? []) as { kind: "f" | "v"; seq: number; data: string }[];
  const hasMore = rows.length > limit;
  const kept = rows.slice(0, limit);
  const out: PullResponse = { followUps: [], indicatorValues: [], cursor: String(since), hasMore };
  for (const row of kept) {
    if (row.kind === "f") out.followUps.push(followUpFromRow(JSON.parse(row.data) as FollowUpRow));
    else out.indicatorValues.push(indicatorValueFromRow(JSON.parse(row.data) as IndicatorValueRow));
  }
  const last = kept[kept.length - 1]?.seq ?? since;
  const current = Number((seq?.results[0] as { value: number } | undefined)?.value ?? last);
  // The last page moves the cursor to the sequence read in the same transaction: past changes the caller
  // cannot see, and back from a cursor "from the future" (a database that was reset).
  out.cursor = String(hasMore ? last : current);
  return out;
}
