import type { Meeting } from "../../shared/model/meeting";
import type { ReferenceData } from "../../shared/model/reference";
import type { Param, Statement } from "./client";
import { indicatorStatements } from "./indicators";
import { actorStatements, meetingStatements, recommendationStatements } from "./reference";
import type { WriteMeta } from "./reference";

/** Rows the seed wrote carry this "who"; it only ever overwrites those, never what the BRRC or GTR edited. */
export const SEED_AUTHOR = "seed";

/** Meetings before the meetings that name them as previous (the foreign key wants them first). */
function meetingsInOrder(meetings: Meeting[]): Meeting[] {
  const byId = new Map(meetings.map((m) => [m.id, m]));
  const done = new Set<string>();
  const out: Meeting[] = [];
  const visit = (m: Meeting, depth: number) => {
    if (done.has(m.id) || depth > meetings.length) return;
    const previous = m.previousMeetingId ? byId.get(m.previousMeetingId) : undefined;
    if (previous) visit(previous, depth + 1);
    done.add(m.id);
    out.push(m);
  };
  for (const m of [...meetings].sort((a, b) => a.startDate.localeCompare(b.startDate))) visit(m, 0);
  return out;
}

/**
 * Idempotent statements (INSERT … ON CONFLICT) that load the reference data: actors and their membership,
 * meetings, recommendations and their addressees, the indicator catalogue. Rows edited through the API since
 * are left alone. The tests run these; `npm run db:seed:*` writes the same statements to a file for wrangler.
 */
export function seedStatements(ref: ReferenceData, now = new Date().toISOString()): Statement[] {
  const meta: WriteMeta = { now, by: SEED_AUTHOR, tokenId: null };
  const onlySeed = (table: string) => `${table}.updated_by = '${SEED_AUTHOR}'`;
  return [
    ...ref.actors.flatMap((a) => actorStatements(a, 1, meta, onlySeed("actors"))),
    ...meetingsInOrder(ref.meetings).flatMap((m) => meetingStatements(m, 1, meta, onlySeed("meetings"))),
    ...ref.recommendations.flatMap((r) => recommendationStatements(r, 1, meta, onlySeed("recommendations"))),
    ...ref.indicators.flatMap((i) => indicatorStatements(i, meta, onlySeed("indicators"))),
  ];
}

function literal(value: Param): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** A statement with its parameters written in, for `wrangler d1 execute --file` (which binds nothing). */
export function inlineStatement(s: Statement): string {
  const pieces = s.sql.split("?");
  if (pieces.length - 1 !== s.params.length) throw new Error("placeholder count does not match parameters");
  return pieces.reduce((out, piece, i) => out + (i === 0 ? "" : literal(s.params[i - 1] ?? null)) + piece, "");
}

export function seedSql(ref: ReferenceData, now?: string): string {
  return seedStatements(ref, now)
    .map((s) => `${inlineStatement({ ...s, sql: s.sql.replace(/\s+/g, " ").trim() })};`)
    .join("\n");
}
