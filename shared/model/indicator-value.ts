import { z } from "zod";
import { ActorId } from "./actor";
import { IndicatorCode } from "./indicator";
import { PeriodId } from "./period";

/**
 * One administration's value of one indicator for one period. Natural key: (indicatorCode, actorId, period).
 * `value` null means the sheet declared it missing ("n/a", "-"): missing is neither zero nor "not applicable".
 */
export const IndicatorValueKey = z.object({ indicatorCode: IndicatorCode, actorId: ActorId, period: PeriodId });
export type IndicatorValueKey = z.infer<typeof IndicatorValueKey>;

export const IndicatorValueFields = z.object({
  value: z.number().finite().nullable(),
  /** A target the sheet gives next to the value (overrides the catalogue's for this record). */
  target: z.number().finite().nullable(),
  source: z.string().max(1_000).nullable(),
  comment: z.string().max(10_000).nullable(),
});
export type IndicatorValueFields = z.infer<typeof IndicatorValueFields>;

export const IndicatorValue = IndicatorValueKey.extend(IndicatorValueFields.shape);
export type IndicatorValue = z.infer<typeof IndicatorValue>;
