import { z } from "zod";
import { IsoDate } from "./common";

/**
 * When something is due. Sheets write real dates, but also recurring deadlines ("fin novembre de chaque
 * année"), periods ("2e semestre 2021") and open ones ("Permanent", "Continu", "dès signature"): these are
 * deadlines, not errors. `text` keeps what the source wrote.
 */
export const Deadline = z.discriminatedUnion("type", [
  z.object({ type: z.literal("date"), date: IsoDate, text: z.string().optional() }),
  /** Every year, by the given month and day ("end" = last day of the month). */
  z.object({
    type: z.literal("annual"),
    month: z.number().int().min(1).max(12),
    day: z.union([z.number().int().min(1).max(31), z.literal("end")]),
    text: z.string().optional(),
  }),
  /** No fixed date: continuous, permanent, or tied to an event. */
  z.object({ type: z.literal("open"), text: z.string().min(1) }),
]);
export type Deadline = z.infer<typeof Deadline>;
