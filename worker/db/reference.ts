import type { Actor } from "../../shared/model/actor";
import type { Deadline } from "../../shared/model/deadline";
import type { Meeting } from "../../shared/model/meeting";
import type { Recommendation } from "../../shared/model/recommendation";
import type { Db, Statement } from "./client";
import { sql } from "./client";

/** Who wrote a row and when: the history's "who" and "when". */
export interface WriteMeta {
  now: string;
  by: string;
  tokenId: string | null;
}

export type Versioned<T> = T & { version: number };

// Actors ----------------------------------------------------------------------------------------------------

interface ActorRow {
  id: string;
  kind: Actor["kind"];
  name_fr: string;
  name_en: string;
  name_pt: string | null;
  iso3: string | null;
  seat: string | null;
  aliases: string;
  members: string;
  membership: string;
  version: number;
}

const ACTOR_SELECT = `SELECT a.id, a.kind, a.name_fr, a.name_en, a.name_pt, a.iso3, a.seat, a.aliases, a.members, a.version,
  (SELECT json_group_array(json_object('from', m.from_date, 'to', m.to_date))
     FROM (SELECT from_date, to_date FROM memberships WHERE actor_id = a.id ORDER BY from_date) m) AS membership
  FROM actors a`;

function actorFromRow(r: ActorRow): Versioned<Actor> {
  const membership = (JSON.parse(r.membership) as { from: string; to: string | null }[]).map((m) =>
    m.to === null ? { from: m.from } : { from: m.from, to: m.to },
  );
  return {
    id: r.id,
    kind: r.kind,
    nameFr: r.name_fr,
    nameEn: r.name_en,
    ...(r.name_pt !== null ? { namePt: r.name_pt } : {}),
    ...(r.iso3 !== null ? { iso3: r.iso3 } : {}),
    ...(r.seat !== null ? { seat: r.seat } : {}),
    aliases: JSON.parse(r.aliases) as string[],
    membership,
    members: JSON.parse(r.members) as string[],
    version: r.version,
  };
}

export async function listActors(db: Db): Promise<Versioned<Actor>[]> {
  return (await db.all<ActorRow>(sql(`${ACTOR_SELECT} ORDER BY a.id`))).map(actorFromRow);
}

export async function getActor(db: Db, id: string): Promise<Versioned<Actor> | null> {
  const row = await db.first<ActorRow>(sql(`${ACTOR_SELECT} WHERE a.id = ?`, id));
  return row ? actorFromRow(row) : null;
}

/**
 * Statements that write an actor and its membership. `condition` (SQL over the existing row `actors`)
 * limits the update: the seed only overwrites rows that it wrote itself.
 */
export function actorStatements(a: Actor, version: number, meta: WriteMeta, condition = "1"): Statement[] {
  const owned = `EXISTS (SELECT 1 FROM actors WHERE id = ? AND version = ? AND updated_at = ? AND updated_by = ?)`;
  return [
    sql(
      `INSERT INTO actors (id, kind, name_fr, name_en, name_pt, iso3, seat, aliases, members, version, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name_fr = excluded.name_fr, name_en = excluded.name_en,
         name_pt = excluded.name_pt, iso3 = excluded.iso3, seat = excluded.seat, aliases = excluded.aliases,
         members = excluded.members, version = excluded.version, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by
       WHERE ${condition}`,
      a.id,
      a.kind,
      a.nameFr,
      a.nameEn,
      a.namePt ?? null,
      a.iso3 ?? null,
      a.seat ?? null,
      JSON.stringify(a.aliases),
      JSON.stringify(a.members),
      version,
      meta.now,
      meta.by,
    ),
    // the membership is replaced only when the row above was written by this very statement set
    sql(`DELETE FROM memberships WHERE actor_id = ? AND ${owned}`, a.id, a.id, version, meta.now, meta.by),
    sql(
      `INSERT INTO memberships (actor_id, from_date, to_date)
       SELECT ?, j.value->>'from', j.value->>'to' FROM json_each(?) j WHERE ${owned}`,
      a.id,
      JSON.stringify(a.membership),
      a.id,
      version,
      meta.now,
      meta.by,
    ),
  ];
}

// Meetings --------------------------------------------------------------------------------------------------

interface MeetingRow {
  id: string;
  kind: Meeting["kind"];
  number: number | null;
  title_fr: string;
  title_en: string;
  start_date: string;
  end_date: string;
  place: string | null;
  previous_meeting_id: string | null;
  version: number;
}

function meetingFromRow(r: MeetingRow): Versioned<Meeting> {
  return {
    id: r.id,
    kind: r.kind,
    ...(r.number !== null ? { number: r.number } : {}),
    titleFr: r.title_fr,
    titleEn: r.title_en,
    startDate: r.start_date,
    endDate: r.end_date,
    ...(r.place !== null ? { place: r.place } : {}),
    ...(r.previous_meeting_id !== null ? { previousMeetingId: r.previous_meeting_id } : {}),
    version: r.version,
  };
}

export async function listMeetings(db: Db): Promise<Versioned<Meeting>[]> {
  return (await db.all<MeetingRow>(sql("SELECT * FROM meetings ORDER BY start_date, id"))).map(meetingFromRow);
}

export async function getMeeting(db: Db, id: string): Promise<Versioned<Meeting> | null> {
  const row = await db.first<MeetingRow>(sql("SELECT * FROM meetings WHERE id = ?", id));
  return row ? meetingFromRow(row) : null;
}

export function meetingStatements(m: Meeting, version: number, meta: WriteMeta, condition = "1"): Statement[] {
  return [
    sql(
      `INSERT INTO meetings (id, kind, number, title_fr, title_en, start_date, end_date, place, previous_meeting_id,
         version, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, number = excluded.number, title_fr = excluded.title_fr,
         title_en = excluded.title_en, start_date = excluded.start_date, end_date = excluded.end_date,
         place = excluded.place, previous_meeting_id = excluded.previous_meeting_id, version = excluded.version,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by
       WHERE ${condition}`,
      m.id,
      m.kind,
      m.number ?? null,
      m.titleFr,
      m.titleEn,
      m.startDate,
      m.endDate,
      m.place ?? null,
      m.previousMeetingId ?? null,
      version,
      meta.now,
      meta.by,
    ),
  ];
}

// Recommendations -------------------------------------------------------------------------------------------

interface RecommendationRow {
  id: string;
  meeting_id: string;
  kind: Recommendation["kind"];
  number: string;
  text_fr: string;
  text_en: string | null;
  due: string | null;
  addressees: string;
  version: number;
}

const RECOMMENDATION_SELECT = `SELECT r.id, r.meeting_id, r.kind, r.number, r.text_fr, r.text_en, r.due, r.version,
  (SELECT json_group_array(actor_id) FROM
     (SELECT actor_id FROM recommendation_addressees WHERE recommendation_id = r.id ORDER BY actor_id)) AS addressees
  FROM recommendations r`;

function recommendationFromRow(r: RecommendationRow): Versioned<Recommendation> {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    kind: r.kind,
    number: r.number,
    textFr: r.text_fr,
    ...(r.text_en !== null ? { textEn: r.text_en } : {}),
    addressees: JSON.parse(r.addressees) as string[],
    due: r.due === null ? null : (JSON.parse(r.due) as Deadline),
    version: r.version,
  };
}

export async function listRecommendations(db: Db, meetingId?: string): Promise<Versioned<Recommendation>[]> {
  const rows = meetingId
    ? await db.all<RecommendationRow>(sql(`${RECOMMENDATION_SELECT} WHERE r.meeting_id = ? ORDER BY r.id`, meetingId))
    : await db.all<RecommendationRow>(sql(`${RECOMMENDATION_SELECT} ORDER BY r.meeting_id, r.id`));
  return rows.map(recommendationFromRow);
}

export async function getRecommendation(db: Db, id: string): Promise<Versioned<Recommendation> | null> {
  const row = await db.first<RecommendationRow>(sql(`${RECOMMENDATION_SELECT} WHERE r.id = ?`, id));
  return row ? recommendationFromRow(row) : null;
}

/** The date a deadline falls on, when it is one date (recurring and open deadlines are never overdue). */
export function deadlineDate(due: Deadline | null | undefined): string | null {
  return due?.type === "date" ? due.date : null;
}

export function recommendationStatements(
  r: Recommendation,
  version: number,
  meta: WriteMeta,
  condition = "1",
): Statement[] {
  const owned = `EXISTS (SELECT 1 FROM recommendations WHERE id = ? AND version = ? AND updated_at = ? AND updated_by = ?)`;
  return [
    sql(
      `INSERT INTO recommendations (id, meeting_id, kind, number, text_fr, text_en, due, due_date, version, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET meeting_id = excluded.meeting_id, kind = excluded.kind, number = excluded.number,
         text_fr = excluded.text_fr, text_en = excluded.text_en, due = excluded.due, due_date = excluded.due_date,
         version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by
       WHERE ${condition}`,
      r.id,
      r.meetingId,
      r.kind,
      r.number,
      r.textFr,
      r.textEn ?? null,
      r.due === null ? null : JSON.stringify(r.due),
      deadlineDate(r.due),
      version,
      meta.now,
      meta.by,
    ),
    sql(`DELETE FROM recommendation_addressees WHERE recommendation_id = ? AND ${owned}`, r.id, r.id, version, meta.now, meta.by),
    sql(
      `INSERT INTO recommendation_addressees (recommendation_id, actor_id)
       SELECT ?, j.value FROM json_each(?) j WHERE ${owned}`,
      r.id,
      JSON.stringify([...new Set(r.addressees)]),
      r.id,
      version,
      meta.now,
      meta.by,
    ),
  ];
}

// Writes through the API: optimistic versions and history ---------------------------------------------------

export type ReferenceEntity = "actor" | "meeting" | "recommendation";
const TABLES: Record<ReferenceEntity, string> = { actor: "actors", meeting: "meetings", recommendation: "recommendations" };

/**
 * Statements that make a reference write safe and traced: a guard that aborts the batch when the row's
 * version is no longer the one the caller based its change on, then the write, then the history row.
 */
export function guardedReferenceWrite(
  entity: ReferenceEntity,
  id: string,
  expectedVersion: number | null,
  write: Statement[],
  before: unknown,
  after: unknown,
  newVersion: number,
  meta: WriteMeta,
): Statement[] {
  return [
    sql(
      `INSERT INTO write_guard (ok) SELECT 0 WHERE (SELECT version FROM ${TABLES[entity]} WHERE id = ?) IS NOT ?`,
      id,
      expectedVersion,
    ),
    ...write,
    sql(
      `INSERT INTO reference_history (entity, entity_id, version, before, after, changed_at, changed_by)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      entity,
      id,
      newVersion,
      before === null ? null : JSON.stringify(before),
      JSON.stringify(after),
      meta.now,
      meta.by,
    ),
  ];
}

export interface ReferenceHistoryEntry {
  entity: ReferenceEntity;
  id: string;
  version: number;
  before: unknown;
  after: unknown;
  changedAt: string;
  changedBy: string;
}

export async function referenceHistory(db: Db, entity: ReferenceEntity, id: string): Promise<ReferenceHistoryEntry[]> {
  const rows = await db.all<{
    entity: ReferenceEntity;
    entity_id: string;
    version: number;
    before: string | null;
    after: string;
    changed_at: string;
    changed_by: string;
  }>(sql("SELECT * FROM reference_history WHERE entity = ? AND entity_id = ? ORDER BY id", entity, id));
  return rows.map((r) => ({
    entity: r.entity,
    id: r.entity_id,
    version: r.version,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: JSON.parse(r.after) as unknown,
    changedAt: r.changed_at,
    changedBy: r.changed_by,
  }));
}

/** Which of these ids exist in the table (referential checks before a write, to answer 422 and not 500). */
export async function existingIds(db: Db, table: "actors" | "meetings" | "recommendations", ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.all<{ id: string }>(
    sql(`SELECT id FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`, JSON.stringify([...new Set(ids)])),
  );
  return new Set(rows.map((r) => r.id));
}
