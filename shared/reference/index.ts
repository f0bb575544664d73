import { z } from "zod";
import { Actor } from "../model/actor";
import { Indicator } from "../model/indicator";
import { Meeting } from "../model/meeting";
import { Recommendation, recommendationId } from "../model/recommendation";
import type { ReferenceData } from "../model/reference";
import { checkFormulas } from "../indicators/compute";
import actorsJson from "./actors.json" with { type: "json" };
import indicatorsJson from "./indicators.json" with { type: "json" };
import meetingsJson from "./meetings.json" with { type: "json" };
import recommendationsJson from "./recommendations.json" with { type: "json" };

/** The reference files as shipped, not yet validated (the worker's seed step and the tests read them). */
export const referenceFiles = {
  actors: actorsJson as unknown,
  meetings: meetingsJson as unknown,
  recommendations: recommendationsJson as unknown,
  indicators: indicatorsJson as unknown,
} as const;

const ReferenceFiles = z.object({
  actors: z.array(Actor),
  meetings: z.array(Meeting),
  recommendations: z.array(Recommendation),
  indicators: z.array(Indicator),
});

function duplicates(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

/**
 * What the schemas cannot see: unique ids, recommendations of known meetings with ids that match their
 * numbers, addressees and group members that are actors, dated membership for administrations only,
 * formulas over known indicators without cycles.
 */
export function checkReferenceData(data: ReferenceData): string[] {
  const problems: string[] = [];
  const actorIds = new Set(data.actors.map((a) => a.id));
  const meetingIds = new Set(data.meetings.map((m) => m.id));
  const codes = new Set(data.indicators.map((i) => i.code));
  for (const [what, ids] of [
    ["actor", data.actors.map((a) => a.id)],
    ["meeting", data.meetings.map((m) => m.id)],
    ["recommendation", data.recommendations.map((r) => r.id)],
    ["indicator", data.indicators.map((i) => i.code)],
  ] as const) {
    for (const id of duplicates(ids)) problems.push(`duplicate ${what} id ${id}`);
  }
  for (const a of data.actors) {
    if (a.kind === "administration" && a.membership.length === 0) problems.push(`${a.id}: administration without membership`);
    if (a.kind !== "administration" && a.membership.length > 0) problems.push(`${a.id}: membership on a ${a.kind}`);
    if (a.kind !== "group" && a.members.length > 0) problems.push(`${a.id}: members on a ${a.kind}`);
    if (a.kind === "group" && a.members.length === 0) problems.push(`${a.id}: group without members`);
    for (const m of a.members) if (m !== "*" && !actorIds.has(m)) problems.push(`${a.id}: unknown member ${m}`);
    for (const span of a.membership) if (span.to !== undefined && span.to < span.from) problems.push(`${a.id}: membership ends before it starts`);
  }
  for (const r of data.recommendations) {
    if (!meetingIds.has(r.meetingId)) problems.push(`${r.id}: unknown meeting ${r.meetingId}`);
    if (recommendationId(r.meetingId, r.number) !== r.id) problems.push(`${r.id}: id does not match number ${r.number}`);
    if ((r.kind === "diligence") !== r.number.startsWith("D")) problems.push(`${r.id}: kind ${r.kind} does not match number ${r.number}`);
    for (const a of r.addressees) if (!actorIds.has(a)) problems.push(`${r.id}: unknown addressee ${a}`);
  }
  for (const i of data.indicators) {
    if (i.weightCode && !codes.has(i.weightCode)) problems.push(`${i.code}: unknown weight indicator ${i.weightCode}`);
    if (i.aggregation === "weighted-mean" && !i.weightCode) problems.push(`${i.code}: weighted mean without weightCode`);
  }
  problems.push(...checkFormulas(data.indicators));
  return problems;
}

export type ReferenceCheck = { ok: true; data: ReferenceData } | { ok: false; errors: string[] };

/** Validate reference data from anywhere (the shipped files, an upload, the API): schemas, then cross-checks. */
export function parseReferenceData(input: unknown): ReferenceCheck {
  const parsed = ReferenceFiles.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  }
  const errors = checkReferenceData(parsed.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, data: parsed.data };
}

let cached: ReferenceData | undefined;

/**
 * The reference data shipped with the product (shared/reference/*.json), validated and cross-checked.
 * Throws when the files are invalid: they are ours, not the user's, and tests catch it. Parsed once, on the
 * first call; callers must not mutate the result.
 */
export function loadReferenceData(): ReferenceData {
  if (!cached) {
    const result = parseReferenceData(referenceFiles);
    if (!result.ok) throw new Error(`Invalid reference data:\n${result.errors.join("\n")}`);
    cached = result.data;
  }
  return cached;
}

/** Validated pieces of the shipped reference data. */
export const loadActors = (): ReferenceData["actors"] => loadReferenceData().actors;
export const loadMeetings = (): ReferenceData["meetings"] => loadReferenceData().meetings;
export const loadRecommendations = (): ReferenceData["recommendations"] => loadReferenceData().recommendations;
export const loadIndicators = (): ReferenceData["indicators"] => loadReferenceData().indicators;
