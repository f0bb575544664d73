import { z } from "zod";
import { PeriodId, PeriodType } from "./period";

/** "REV-COLL", "FAC-CLR": upper-case letters and digits in dash-separated groups. */
export const IndicatorCode = z.string().regex(/^[A-Z][A-Z0-9]{0,15}(-[A-Z0-9]{1,16}){0,3}$/, "indicator code, e.g. FAC-CLR");
export type IndicatorCode = z.infer<typeof IndicatorCode>;

export const ValueType = z.enum([
  "number", // any real number
  "integer", // a whole number
  "count", // a whole number, never negative (seizures, staff trained)
  "percentage", // 0–100
  "amount", // money, never negative
  "duration", // hours, days; never negative
]);
export type ValueType = z.infer<typeof ValueType>;

export const Direction = z.enum(["higher-is-better", "lower-is-better", "neutral"]);
export type Direction = z.infer<typeof Direction>;

/** How the regional figure is made from the administrations' values. */
export const Aggregation = z.enum(["sum", "mean", "weighted-mean", "median", "none"]);
export type Aggregation = z.infer<typeof Aggregation>;

export const Disclosure = z.enum([
  "public", // anyone, including outside the region
  "regional", // every token of the region
  "restricted", // only the administration concerned, the BRRC and the GTR
]);
export type Disclosure = z.infer<typeof Disclosure>;

export const IndicatorStatus = z.enum(["draft", "published", "retired"]);
export type IndicatorStatus = z.infer<typeof IndicatorStatus>;

/** A target: for every administration (actorId absent) or one, for a period. */
export const Target = z.object({
  period: PeriodId,
  value: z.number().finite(),
  actorId: z.string().optional(),
});
export type Target = z.infer<typeof Target>;

/**
 * Red/amber/green: attainment (value / target, inverted when lower is better) at or above `green` is green,
 * at or above `amber` is amber, below is red. Ratios, e.g. 1 and 0.8.
 */
export const Thresholds = z.object({ green: z.number().positive(), amber: z.number().positive() });
export type Thresholds = z.infer<typeof Thresholds>;

/**
 * A computed indicator, as DHIS2 defines them: numerator / denominator × factor, each a sum of other
 * indicators' codes. Evaluated when read, never stored.
 */
export const Formula = z.object({
  numerator: z.array(IndicatorCode).min(1),
  denominator: z.array(IndicatorCode).default([]),
  factor: z.number().finite().default(1),
});
export type Formula = z.infer<typeof Formula>;

export const Indicator = z.object({
  code: IndicatorCode,
  nameFr: z.string().min(1),
  nameEn: z.string().min(1),
  namePt: z.string().min(1).optional(),
  /** Other names sheets use, in any language. */
  synonyms: z.array(z.string().min(1)).default([]),
  unit: z.string().min(1),
  valueType: ValueType,
  direction: Direction,
  aggregation: Aggregation,
  /** For weighted means: the indicator whose values weigh each administration. */
  weightCode: IndicatorCode.optional(),
  periodicity: PeriodType,
  targets: z.array(Target).default([]),
  thresholds: Thresholds.default({ green: 1, amber: 0.8 }),
  formula: Formula.optional(),
  disclosure: Disclosure.default("regional"),
  status: IndicatorStatus.default("published"),
  version: z.number().int().positive().default(1),
});
export type Indicator = z.infer<typeof Indicator>;
export type IndicatorInput = z.input<typeof Indicator>;
