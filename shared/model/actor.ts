import { z } from "zod";
import { IsoDate } from "./common";

/**
 * Who a recommendation is addressed to, who reports, who reads.
 * Member administrations are identified by their ISO 3166-1 alpha-2 code ("CI", "GM").
 * Regional bodies have upper-case slugs ("BRRC-AOC", "WCO-SEC"). Groups ("ADMINISTRATIONS",
 * "CONTACT-POINTS", "CRF") stand for several actors at once and appear only as addressees.
 */
export const ActorId = z
  .string()
  .regex(/^[A-Z][A-Z0-9-]{1,31}$/, "actor id: upper-case letters, digits and dashes");
export type ActorId = z.infer<typeof ActorId>;

export const ActorKind = z.enum(["administration", "regional-body", "group"]);
export type ActorKind = z.infer<typeof ActorKind>;

/** A dated span of membership of the region: `to` absent means still a member. */
export const Membership = z.object({ from: IsoDate, to: IsoDate.optional() });
export type Membership = z.infer<typeof Membership>;

export const Actor = z.object({
  id: ActorId,
  kind: ActorKind,
  nameFr: z.string().min(1),
  nameEn: z.string().min(1),
  namePt: z.string().min(1).optional(),
  /** ISO 3166-1 alpha-3 code, for administrations. */
  iso3: z.string().regex(/^[A-Z]{3}$/).optional(),
  /** Other spellings met in sheets: local abbreviations ("RCI"), agency names ("GRA"), old names. */
  aliases: z.array(z.string().min(1)).default([]),
  /** Administrations only: when they were members of the region. */
  membership: z.array(Membership).default([]),
  /** Groups only: the actors the group stands for ("*" members = every member administration at the date). */
  members: z.array(z.union([ActorId, z.literal("*")])).default([]),
  /** Where a body sits ("Abidjan"), for display. */
  seat: z.string().optional(),
});
export type Actor = z.infer<typeof Actor>;
export type ActorInput = z.input<typeof Actor>;

/** Is the administration a member of the region on the given date? */
export function isMemberOn(actor: Actor, date: string): boolean {
  return actor.membership.some((m) => m.from <= date && (m.to === undefined || date <= m.to));
}
