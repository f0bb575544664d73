import type { SyncFollowUp } from "../../shared/sync/protocol";
import type { Principal } from "../auth/principal";
import type { FollowUpWrite } from "../db/sync";
import { Errors } from "../http/errors";
import { changesBetween, reviewChanges } from "./plan";

export type Decision = "accept" | "return";

/**
 * The BRRC's decision on an "implemented" declaration, as a write of the follow-up: accepted only with
 * evidence, returned only with a comment saying what is missing.
 */
export function planReview(server: SyncFollowUp, decision: Decision, comment: string | null, p: Principal, now: string): FollowUpWrite {
  if (server.fields.status !== "implemented" || !["pending", "accepted", "returned"].includes(server.review.state)) {
    throw Errors.invalidTransition({ field: "decision", details: { status: server.fields.status, review: server.review.state } });
  }
  if (decision === "accept" && !server.fields.evidence?.trim()) {
    throw Errors.unprocessable({ field: "evidence", details: { reason: "evidence required to accept" } });
  }
  if (decision === "return" && !comment?.trim()) {
    throw Errors.invalid({ field: "comment", details: { reason: "a comment is required to return a declaration" } });
  }
  const review = {
    state: decision === "accept" ? ("accepted" as const) : ("returned" as const),
    comment: comment?.trim() || null,
    reviewedAt: now,
    reviewedBy: p.label,
  };
  const change = changesBetween(reviewChanges(server.review), reviewChanges(review));
  return { key: server.key, fields: server.fields, review, version: server.version + 1, ...change };
}
