import type { Deadline } from "../../shared/model/deadline";
import type { ReviewState, Status } from "../../shared/model/follow-up";
import type { SyncFollowUp, SyncIndicatorValue } from "../../shared/sync/protocol";
import type { Filter } from "../auth/policy";
import type { Db, Param } from "./client";
import { sql } from "./client";

/** Follow-ups and indicator values as rows, and the list queries the API makes on them. */

export interface FollowUpRow {
  recommendation_id: string;
  actor_id: string;
  status: Status;
  progress: number | null;
  actions: string | null;
  due: string | null;
  evidence: string | null;
  comment: string | null;
  updated_on: string | null;
  review_state: ReviewState;
  review_comment: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  version: number;
  received_at: string;
  updated_at: string;
  updated_by: string;
}

export const FOLLOW_UP_COLUMNS = `f.recommendation_id, f.actor_id, f.status, f.progress, f.actions, f.due, f.evidence,
  f.comment, f.updated_on, f.review_state, f.review_comment, f.reviewed_at, f.reviewed_by, f.version, f.received_at,
  f.updated_at, f.updated_by`;

export function followUpFromRow(r: FollowUpRow): SyncFollowUp {
  return {
    key: { recommendationId: r.recommendation_id, actorId: r.actor_id },
    fields: {
      status: r.status,
      progress: r.progress,
      actions: r.actions,
      due: r.due === null ? null : (JSON.parse(r.due) as Deadline),
      evidence: r.evidence,
      comment: r.comment,
      updatedOn: r.updated_on,
    },
    version: r.version,
    review: { state: r.review_state, comment: r.review_comment, reviewedAt: r.reviewed_at, reviewedBy: r.reviewed_by },
    receivedAt: r.received_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export interface IndicatorValueRow {
  indicator_code: string;
  period: string;
  actor_id: string;
  value: number | null;
  target: number | null;
  source: string | null;
  comment: string | null;
  version: number;
  received_at: string;
  updated_at: string;
  updated_by: string;
}

export const VALUE_COLUMNS = `v.indicator_code, v.period, v.actor_id, v.value, v.target, v.source, v.comment, v.version,
  v.received_at, v.updated_at, v.updated_by`;

export function indicatorValueFromRow(r: IndicatorValueRow): SyncIndicatorValue {
  return {
    key: { indicatorCode: r.indicator_code, actorId: r.actor_id, period: r.period },
    fields: { value: r.value, target: r.target, source: r.source, comment: r.comment },
    version: r.version,
    receivedAt: r.received_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export interface Page {
  limit: number;
  offset: number;
}

export interface FollowUpQuery {
  meetingId?: string;
  recommendationId?: string;
  actorId?: string;
  status?: Status;
  reviewState?: ReviewState;
}

/** The visibility filter and the optional equality filters a query gives (absent values filter nothing). */
function conditions(visible: Filter, optional: readonly [clause: string, value: string | undefined][]) {
  const where = [visible.sql];
  const params: Param[] = [...visible.params];
  for (const [clause, value] of optional) {
    if (value === undefined) continue;
    where.push(clause);
    params.push(value);
  }
  return { where, params };
}

/** Follow-ups the caller may read, filtered; one more row than asked tells whether more remain. */
export async function listFollowUps(
  db: Db,
  visible: Filter,
  q: FollowUpQuery,
  page: Page,
): Promise<{ items: SyncFollowUp[]; hasMore: boolean }> {
  const { where, params } = conditions(visible, [
    ["r.meeting_id = ?", q.meetingId],
    ["f.recommendation_id = ?", q.recommendationId],
    ["f.actor_id = ?", q.actorId],
    ["f.status = ?", q.status],
    ["f.review_state = ?", q.reviewState],
  ]);
  const rows = await db.all<FollowUpRow>(
    sql(
      `SELECT ${FOLLOW_UP_COLUMNS} FROM follow_ups f JOIN recommendations r ON r.id = f.recommendation_id
       WHERE ${where.join(" AND ")} ORDER BY f.recommendation_id, f.actor_id LIMIT ? OFFSET ?`,
      ...params,
      page.limit + 1,
      page.offset,
    ),
  );
  return { items: rows.slice(0, page.limit).map(followUpFromRow), hasMore: rows.length > page.limit };
}

export interface ValueQuery {
  indicatorCode?: string;
  actorId?: string;
  period?: string;
}

/** Indicator values the caller may read (disclosure and role), driven from the catalogue. */
export async function listIndicatorValues(
  db: Db,
  visible: Filter,
  q: ValueQuery,
  page: Page,
): Promise<{ items: SyncIndicatorValue[]; hasMore: boolean }> {
  const { where, params } = conditions(visible, [
    ["i.code = ?", q.indicatorCode],
    ["v.actor_id = ?", q.actorId],
    ["v.period = ?", q.period],
  ]);
  const rows = await db.all<IndicatorValueRow>(
    sql(
      // CROSS JOIN keeps the catalogue as the outer loop: each indicator's values are a primary-key range
      // (and an administration's a narrower one), read in key order
      `SELECT ${VALUE_COLUMNS} FROM indicators i CROSS JOIN indicator_values v ON v.indicator_code = i.code
       WHERE ${where.join(" AND ")} ORDER BY v.indicator_code, v.actor_id, v.period LIMIT ? OFFSET ?`,
      ...params,
      page.limit + 1,
      page.offset,
    ),
  );
  return { items: rows.slice(0, page.limit).map(indicatorValueFromRow), hasMore: rows.length > page.limit };
}

export async function getFollowUp(db: Db, key: { recommendationId: string; actorId: string }): Promise<SyncFollowUp | null> {
  const row = await db.first<FollowUpRow>(
    sql(`SELECT ${FOLLOW_UP_COLUMNS} FROM follow_ups f WHERE f.recommendation_id = ? AND f.actor_id = ?`, key.recommendationId, key.actorId),
  );
  return row ? followUpFromRow(row) : null;
}
