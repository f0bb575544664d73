import { z } from "zod";
import { ActorId } from "./actor";
import { IsoDate } from "./common";
import { Deadline } from "./deadline";
import { RecommendationId } from "./recommendation";

export const Status = z.enum(["not-started", "in-progress", "implemented", "not-applicable"]);
export type Status = z.infer<typeof Status>;

/**
 * How far one actor has implemented one recommendation. Natural key: (recommendationId, actorId).
 * `progress` is a percentage 0–100, or null when the sheet gives none.
 */
export const FollowUpFields = z.object({
  status: Status,
  progress: z.number().min(0).max(100).nullable(),
  actions: z.string().max(10_000).nullable(),
  due: Deadline.nullable(),
  evidence: z.string().max(10_000).nullable(),
  comment: z.string().max(10_000).nullable(),
  updatedOn: IsoDate.nullable(),
});
export type FollowUpFields = z.infer<typeof FollowUpFields>;

export const FollowUpKey = z.object({ recommendationId: RecommendationId, actorId: ActorId });
export type FollowUpKey = z.infer<typeof FollowUpKey>;

export const FollowUp = FollowUpKey.extend(FollowUpFields.shape);
export type FollowUp = z.infer<typeof FollowUp>;

/** The BRRC's review of an "implemented" declaration: accepted on evidence, or sent back with a comment. */
export const ReviewState = z.enum(["none", "pending", "accepted", "returned"]);
export type ReviewState = z.infer<typeof ReviewState>;
