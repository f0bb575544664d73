import type { FollowUpFields } from "../../shared/model/follow-up";
import { fieldDifferences } from "../../shared/sync/compare";
import type {
  FieldDifference,
  FollowUpResult,
  IndicatorValueResult,
  PushRequest,
  PushResponse,
  PushSummary,
  Review,
  SyncFollowUp,
} from "../../shared/sync/protocol";
import { followUpKeyString, indicatorValueKeyString } from "../../shared/sync/protocol";
import type { Changes, FollowUpWrite, IndicatorValueWrite, Snapshot, WriteSet } from "../db/sync";
import type { Rejection } from "./rules";
import { Rejections, indicatorProblem, valueProblem } from "./rules";

export interface Plan {
  response: PushResponse;
  writes: WriteSet;
}

const NO_REVIEW: Review = { state: "none", comment: null, reviewedAt: null, reviewedBy: null };

/**
 * The BRRC reviews what is declared implemented: a new "implemented" (or new evidence for it, or any change
 * to one it sent back) waits for review; leaving "implemented" ends the review.
 */
export function reviewAfterPush(server: SyncFollowUp | null, fields: FollowUpFields): Review {
  const current = server?.review ?? NO_REVIEW;
  if (fields.status !== "implemented") return current.state === "none" ? current : { ...current, state: "none" };
  if (!server || server.fields.status !== "implemented") return { ...current, state: "pending" };
  if (current.state === "returned") return { ...current, state: "pending" };
  if (current.state === "accepted" && (server.fields.evidence ?? null) !== (fields.evidence ?? null)) {
    return { ...current, state: "pending" };
  }
  if (current.state === "none") return { ...current, state: "pending" };
  return current;
}

/** A follow-up's review as flat history fields. */
export function reviewChanges(review: Review): Changes {
  return {
    reviewState: review.state,
    reviewComment: review.comment,
    reviewedAt: review.reviewedAt,
    reviewedBy: review.reviewedBy,
  };
}

/** Old and new values of what changed; `before` is null for a new record (then `after` holds everything). */
export function changesBetween(before: Changes | null, after: Changes): { before: Changes | null; after: Changes } {
  if (before === null) return { before: null, after };
  const diffs = fieldDifferences(before, after);
  return {
    before: Object.fromEntries(diffs.map((d) => [d.field, d.server])),
    after: Object.fromEntries(diffs.map((d) => [d.field, d.incoming])),
  };
}

function emptySummary(): PushSummary {
  return { created: 0, updated: 0, unchanged: 0, conflict: 0, rejected: 0 };
}

function rejected(index: number, r: Rejection, version: number | null) {
  return { index, result: "rejected" as const, version, reason: { code: r.code, message: r.message }, field: r.field };
}

/**
 * What a push does to each record, decided on a snapshot of the server: unchanged when the fields already
 * match (whatever the base version), conflict when the base version is not the server's, else created or
 * updated. Pure: the same plan answers a dry run and feeds the write batch.
 */
export function planPush(req: PushRequest, snap: Snapshot, dryRun: boolean): Plan {
  const summary = emptySummary();
  const writes: WriteSet = { followUps: [], indicatorValues: [] };
  const followUpResults: FollowUpResult[] = [];
  const valueResults: IndicatorValueResult[] = [];
  const diffsIf = (show: boolean, d: FieldDifference[]) => (show ? { differences: d } : {});

  (req.followUps ?? []).forEach((rec, index) => {
    const { recommendationId, actorId } = rec.key;
    const server = snap.followUps.get(followUpKeyString(rec.key)) ?? null;
    const kind = snap.actors.get(actorId);
    const problem = !snap.recommendations.has(recommendationId)
      ? Rejections.unknownRecommendation(recommendationId)
      : kind === undefined
        ? Rejections.unknownActor(actorId)
        : kind === "group"
          ? Rejections.groupActor(actorId)
          : null;
    if (problem) {
      summary.rejected++;
      followUpResults.push(rejected(index, problem, server?.version ?? null));
      return;
    }
    // differences of a new record only matter to a dry run (big pushes are mostly new records)
    const differences = server || dryRun ? fieldDifferences(server?.fields ?? null, rec.fields) : [];
    if (server && differences.length === 0) {
      summary.unchanged++;
      followUpResults.push({ index, result: "unchanged", version: server.version });
    } else if ((server?.version ?? null) !== rec.baseVersion) {
      summary.conflict++;
      followUpResults.push({ index, result: "conflict", version: server?.version ?? null, server, differences });
    } else {
      const result = server ? "updated" : "created";
      const version = (server?.version ?? 0) + 1;
      const review = reviewAfterPush(server, rec.fields);
      const change = changesBetween(
        server ? { ...server.fields, ...reviewChanges(server.review) } : null,
        { ...rec.fields, ...reviewChanges(review) },
      );
      summary[result]++;
      followUpResults.push({ index, result, version, ...diffsIf(dryRun, differences) });
      writes.followUps.push({ key: rec.key, fields: rec.fields, review, version, ...change } satisfies FollowUpWrite);
    }
  });

  (req.indicatorValues ?? []).forEach((rec, index) => {
    const { indicatorCode, actorId } = rec.key;
    // (a push planned without reading its records has nothing to look up: no key to build)
    const server = snap.indicatorValues.size === 0 ? null : (snap.indicatorValues.get(indicatorValueKeyString(rec.key)) ?? null);
    const facts = snap.indicators.get(indicatorCode);
    const kind = snap.actors.get(actorId);
    const problem =
      indicatorProblem(indicatorCode, facts) ??
      (kind === undefined ? Rejections.unknownActor(actorId) : null) ??
      (kind !== "administration" ? Rejections.notAdministration(actorId) : null) ??
      (facts ? valueProblem(facts.valueType, rec.fields.value, "fields.value") : null) ??
      (facts ? valueProblem(facts.valueType, rec.fields.target, "fields.target") : null);
    if (problem) {
      summary.rejected++;
      valueResults.push(rejected(index, problem, server?.version ?? null));
      return;
    }
    const differences = server || dryRun ? fieldDifferences(server?.fields ?? null, rec.fields) : [];
    if (server && differences.length === 0) {
      summary.unchanged++;
      valueResults.push({ index, result: "unchanged", version: server.version });
    } else if ((server?.version ?? null) !== rec.baseVersion) {
      summary.conflict++;
      valueResults.push({ index, result: "conflict", version: server?.version ?? null, server, differences });
    } else {
      const result = server ? "updated" : "created";
      const version = (server?.version ?? 0) + 1;
      summary[result]++;
      valueResults.push({ index, result, version, ...diffsIf(dryRun, differences) });
      // a created value needs no history row: its row is its creation entry (migration 0002)
      const change = server
        ? changesBetween(server.fields, rec.fields)
        : { before: null, after: null };
      writes.indicatorValues.push({ key: rec.key, fields: rec.fields, version, ...change } satisfies IndicatorValueWrite);
    }
  });

  return {
    response: { dryRun, summary, followUps: followUpResults, indicatorValues: valueResults },
    writes,
  };
}
