import { z } from "zod";
import { IsoDate } from "./common";

export const MeetingId = z.string().regex(/^[A-Z][A-Z0-9-]{1,31}$/);
export type MeetingId = z.infer<typeof MeetingId>;

export const MeetingKind = z.enum([
  "contact-points", // Rencontre des points de contact pour le renforcement des capacités
  "gtr", // Groupe de travail régional (GTR, GTR-DI)
  "experts", // Comité des experts
  "dg-conference", // Conférence des Directeurs généraux
]);
export type MeetingKind = z.infer<typeof MeetingKind>;

export const Meeting = z.object({
  id: MeetingId, // "PC11": 11th meeting of contact points
  kind: MeetingKind,
  number: z.number().int().positive().optional(),
  titleFr: z.string().min(1),
  titleEn: z.string().min(1),
  startDate: IsoDate,
  endDate: IsoDate,
  place: z.string().optional(),
  /** The meeting whose recommendations this one reviews first (GTR terms of reference, first item). */
  previousMeetingId: MeetingId.optional(),
});
export type Meeting = z.infer<typeof Meeting>;
