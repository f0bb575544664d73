import { z } from "zod";

/** A calendar date, ISO 8601 (YYYY-MM-DD). Time of day never matters in this domain. */
export const IsoDate = z.iso.date();
export type IsoDate = z.infer<typeof IsoDate>;

/** Text in the region's working languages; Portuguese is optional because sources rarely carry it. */
export const LocalizedText = z.object({
  fr: z.string().min(1),
  en: z.string().min(1),
  pt: z.string().min(1).optional(),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

export const Lang = z.enum(["fr", "en"]);
export type Lang = z.infer<typeof Lang>;
