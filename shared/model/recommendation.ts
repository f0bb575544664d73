import { z } from "zod";
import { ActorId } from "./actor";
import { Deadline } from "./deadline";
import { MeetingId } from "./meeting";

/** "PC11-R01" … "PC11-R22" for recommendations, "PC11-D1" for diligences. */
export const RecommendationId = z.string().regex(/^[A-Z][A-Z0-9-]{1,31}-(R\d{2,3}|D\d{1,3})$/);
export type RecommendationId = z.infer<typeof RecommendationId>;

export const RecommendationKind = z.enum(["recommendation", "diligence"]);
export type RecommendationKind = z.infer<typeof RecommendationKind>;

export const Recommendation = z.object({
  id: RecommendationId,
  meetingId: MeetingId,
  kind: RecommendationKind,
  /** As numbered in the source: "1" … "22", "D1", "D2". */
  number: z.string().regex(/^(\d{1,3}|D\d{1,3})$/),
  textFr: z.string().min(1),
  textEn: z.string().min(1).optional(),
  /** Actors or groups the recommendation is addressed to. */
  addressees: z.array(ActorId).min(1),
  due: Deadline.nullable().default(null),
});
export type Recommendation = z.infer<typeof Recommendation>;

/** The id of a numbered item of a meeting: 7 → "PC11-R07", "D1" → "PC11-D1". */
export function recommendationId(meetingId: string, number: string): string {
  const n = number.trim().toUpperCase();
  if (n.startsWith("D")) return `${meetingId}-D${Number(n.slice(1))}`;
  return `${meetingId}-R${String(Number(n)).padStart(2, "0")}`;
}
