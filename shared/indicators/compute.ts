import type { Formula } from "../model/indicator";

/** Values of other indicators by code; null or absent = missing. */
export type ValuesByCode = Readonly<Record<string, number | null | undefined>> | ReadonlyMap<string, number | null | undefined>;

/**
 * A computed indicator's value, as DHIS2 evaluates it: sum(numerator) / sum(denominator) × factor.
 * null when any operand is missing or not finite, or when the denominator sums to 0. An empty denominator is 1.
 */
export function computeIndicator(formula: Formula, valuesByCode: ValuesByCode): number | null {
  void formula;
  void valuesByCode;
  return null;
}

/** The indicator codes a formula reads. */
export function formulaCodes(formula: Formula): string[] {
  return [...new Set([...formula.numerator, ...formula.denominator])];
}
