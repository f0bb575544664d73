import type { Formula, Indicator } from "../model/indicator";

/** Values of other indicators by code; null or absent = missing. */
export type ValuesByCode =
  | Readonly<Record<string, number | null | undefined>>
  | ReadonlyMap<string, number | null | undefined>;

function lookup(values: ValuesByCode, code: string): number | null | undefined {
  if (values instanceof Map) return values.get(code);
  return Object.hasOwn(values, code) ? (values as Readonly<Record<string, number | null | undefined>>)[code] : undefined;
}

/** Sum of the codes' values, or null as soon as one is missing or not finite. */
function sum(codes: readonly string[], values: ValuesByCode): number | null {
  let total = 0;
  for (const code of codes) {
    const v = lookup(values, code);
    if (typeof v !== "number" || !Number.isFinite(v)) return null;
    total += v;
  }
  return total;
}

/**
 * A computed indicator's value, as DHIS2 evaluates it: sum(numerator) / sum(denominator) × factor.
 * null when any operand is missing or not finite, or when the denominator sums to 0 (no value, rather than
 * an infinite one). An empty denominator counts as 1.
 */
export function computeIndicator(formula: Formula, valuesByCode: ValuesByCode): number | null {
  const numerator = sum(formula.numerator, valuesByCode);
  const denominator = formula.denominator.length === 0 ? 1 : sum(formula.denominator, valuesByCode);
  if (numerator === null || denominator === null || denominator === 0 || !Number.isFinite(formula.factor)) return null;
  const value = (numerator / denominator) * formula.factor;
  return Number.isFinite(value) ? value : null;
}

/** The indicator codes a formula reads, each once. */
export function formulaCodes(formula: Formula): string[] {
  return [...new Set([...formula.numerator, ...formula.denominator])];
}

/**
 * Problems with the formulas of a catalogue: a code no indicator has, or a cycle (an indicator computed,
 * directly or not, from itself). Empty when every formula can be evaluated.
 */
export function checkFormulas(indicators: readonly Indicator[]): string[] {
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const problems: string[] = [];
  for (const indicator of indicators) {
    if (!indicator.formula) continue;
    for (const code of formulaCodes(indicator.formula)) {
      if (!byCode.has(code)) problems.push(`${indicator.code}: formula uses unknown indicator ${code}`);
    }
  }
  // Depth-first search for cycles through formulas.
  const state = new Map<string, "visiting" | "done">();
  const visit = (code: string, path: string[]): void => {
    if (state.get(code) === "done") return;
    if (state.get(code) === "visiting") {
      problems.push(`formula cycle: ${[...path.slice(path.indexOf(code)), code].join(" → ")}`);
      return;
    }
    state.set(code, "visiting");
    const formula = byCode.get(code)?.formula;
    if (formula) for (const next of formulaCodes(formula)) visit(next, [...path, code]);
    state.set(code, "done");
  };
  for (const indicator of indicators) visit(indicator.code, []);
  return problems;
}
