import type { ReviewState, Status } from "../../shared/model/follow-up";
import type { Filter } from "../auth/policy";
import type { Db } from "./client";
import { sql } from "./client";
import type { Page } from "./records";

/** One change of one record: who, when, and for each changed field its old and new value. */
export interface HistoryEntry<K> {
  key: K;
  changedAt: string;
  changedBy: string;
  created: boolean;
  changes: { field: string; old: unknown; new: unknown }[];
}

function expand(before: string | null, after: string): { created: boolean; changes: HistoryEntry<unknown>["changes"] } {
  const b = before === null ? null : (JSON.parse(before) as Record<string, unknown>);
  const a = JSON.parse(after) as Record<string, unknown>;
  return {
    created: b === null,
    changes: Object.keys(a).map((field) => ({ field, old: b ? (b[field] ?? null) : null, new: a[field] ?? null })),
  };
}

interface HistoryRow {
  before: string | null;
  after: string;
  changed_at: string;
  changed_by: string;
}

export async function followUpHistory(
  db: Db,
  visible: Filter,
  q: { recommendationId?: string; actorId?: string },
  page: Page,
): Promise<{ items: HistoryEntry<{ recommendationId: string; actorId: string }>[]; hasMore: boolean }> {
  const where = [visible.sql];
  const params = [...visible.params];
  if (q.recommendationId !== undefined) {
    where.push("h.recommendation_id = ?");
    params.push(q.recommendationId);
  }
  if (q.actorId !== undefined) {
    where.push("h.actor_id = ?");
    params.push(q.actorId);
  }
  const rows = await db.all<HistoryRow & { recommendation_id: string; actor_id: string }>(
    sql(
      `SELECT h.recommendation_id, h.actor_id, h.before, h.after, h.changed_at, h.changed_by FROM follow_up_history h
       WHERE ${where.join(" AND ")} ORDER BY h.seq LIMIT ? OFFSET ?`,
      ...params,
      page.limit + 1,
      page.offset,
    ),
  );
  return {
    items: rows.slice(0, page.limit).map((r) => ({
      key: { recommendationId: r.recommendation_id, actorId: r.actor_id },
      changedAt: r.changed_at,
      changedBy: r.changed_by,
      ...expand(r.before, r.after),
    })),
    hasMore: rows.length > page.limit,
  };
}

export async function indicatorValueHistory(
  db: Db,
  visible: Filter,
  q: { indicatorCode?: string; actorId?: string; period?: string },
  page: Page,
): Promise<{ items: HistoryEntry<{ indicatorCode: string; actorId: string; period: string }>[]; hasMore: boolean }> {
  const where = [visible.sql];
  const params = [...visible.params];
  for (const [column, value] of [
    ["h.indicator_code", q.indicatorCode],
    ["h.actor_id", q.actorId],
    ["h.period", q.period],
  ] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  const rows = await db.all<HistoryRow & { indicator_code: string; actor_id: string; period: string }>(
    sql(
      `SELECT h.indicator_code, h.actor_id, h.period, h.before, h.after, h.changed_at, h.changed_by
       FROM indicator_value_changes h JOIN indicators i ON i.code = h.indicator_code
       WHERE ${where.join(" AND ")} ORDER BY h.seq LIMIT ? OFFSET ?`,
      ...params,
      page.limit + 1,
      page.offset,
    ),
  );
  return {
    items: rows.slice(0, page.limit).map((r) => ({
      key: { indicatorCode: r.indicator_code, actorId: r.actor_id, period: r.period },
      changedAt: r.changed_at,
      changedBy: r.changed_by,
      ...expand(r.before, r.after),
    })),
    hasMore: rows.length > page.limit,
  };
}

/** The last instant of an "as of" date (a whole day counts), or the instant itself. */
export function asOfCutoff(asOf: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? `${asOf}T23:59:59.999Z` : new Date(asOf).toISOString();
}

/**
 * Follow-ups as they stood at a moment: per record, the state after its last change at or before it
 * (records created later are absent). SQL over the history, one statement.
 */
export const FOLLOW_UPS_AS_OF = `SELECT recommendation_id, actor_id, status, due_date, review_state, changed_at, changed_by
  FROM (SELECT h.*, row_number() OVER (PARTITION BY h.recommendation_id, h.actor_id ORDER BY h.seq DESC) AS rn
          FROM follow_up_history h WHERE h.changed_at <= ?)
  WHERE rn = 1`;

export interface FollowUpState {
  recommendationId: string;
  actorId: string;
  status: Status;
  dueDate: string | null;
  reviewState: ReviewState;
  changedAt: string;
  changedBy: string;
}

export async function followUpsAsOf(
  db: Db,
  visible: Filter,
  asOf: string,
  q: { meetingId?: string; actorId?: string },
): Promise<FollowUpState[]> {
  const where = [visible.sql];
  const params: (string | number | null)[] = [asOfCutoff(asOf), ...visible.params];
  if (q.meetingId !== undefined) {
    where.push("r.meeting_id = ?");
    params.push(q.meetingId);
  }
  if (q.actorId !== undefined) {
    where.push("s.actor_id = ?");
    params.push(q.actorId);
  }
  const rows = await db.all<{
    recommendation_id: string;
    actor_id: string;
    status: Status;
    due_date: string | null;
    review_state: ReviewState;
    changed_at: string;
    changed_by: string;
  }>(
    sql(
      `SELECT s.* FROM (${FOLLOW_UPS_AS_OF}) s JOIN recommendations r ON r.id = s.recommendation_id
       WHERE ${where.join(" AND ")} ORDER BY s.recommendation_id, s.actor_id`,
      ...params,
    ),
  );
  return rows.map((r) => ({
    recommendationId: r.recommendation_id,
    actorId: r.actor_id,
    status: r.status,
    dueDate: r.due_date,
    reviewState: r.review_state,
    changedAt: r.changed_at,
    changedBy: r.changed_by,
  }));
}
