import type { CellValue } from "../pipeline/types";
import { isBlank, isMissingMarker } from "./empty";
import type { Notation } from "./number";
import { parseNumber } from "./number";
import type { Parsed } from "./result";
import { fail, ok, quote } from "./result";
import { cellText } from "./text";

/** Is the Excel number format a percentage one ("0%", "0.0%", "#,##0.00 %")? A "%" inside quotes is literal text. */
export function isPercentFormat(numberFormat: string | undefined): boolean {
  return !!numberFormat && numberFormat.replace(/"[^"]*"/g, "").replace(/\\%/g, "").includes("%");
}

export interface PercentOptions {
  /** The column's number notation, for text such as "1,5 %". */
  notation?: Notation;
}

/** ×100 without binary noise: 0.58 × 100 is 57.99999999999999 in floating point, and must read 58. */
function times100(fraction: number): number {
  return Number((fraction * 100).toPrecision(15));
}

type Reading = { value: number; fromFraction: boolean } | Parsed<never>;

/** The number a cell holds, in percent units when it says so (a "%" format or sign); `fromFraction` when it does not. */
function read(cell: CellValue, numberFormat: string | undefined, options: PercentOptions): Reading {
  if (isBlank(cell)) return fail("empty", { fr: "Cellule vide.", en: "Empty cell." });
  if (isMissingMarker(cell)) {
    return fail("missing", { fr: `Valeur déclarée manquante (${quote(String(cell), "fr")}).`, en: `Value declared missing (${quote(String(cell))}).` });
  }
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return fail("not-a-percentage", { fr: "Nombre non fini.", en: "Not a finite number." });
    return isPercentFormat(numberFormat) ? { value: times100(cell), fromFraction: false } : { value: cell, fromFraction: true };
  }
  const text = cellText(String(cell));
  const withSign = /^(.*?)\s*%$/.exec(text) ?? /^%\s*(.*)$/.exec(text);
  const n = parseNumber(withSign ? withSign[1]! : text, { notation: options.notation });
  if (n.ok) return { value: n.value, fromFraction: !withSign };
  return fail("not-a-percentage", {
    fr: `${quote(text, "fr")} n'est pas un pourcentage (50 %, 50, ou 0,5 au format %).`,
    en: `${quote(text)} is not a percentage (50%, 50, or 0.5 with a % format).`,
  });
}

/**
 * A percentage, in percent units: 0.5 with a "%" format → 50; "50 %", "50%", "50,5 %" → 50, 50.5; 50 → 50.
 * A plain 0.5 stays 0.5 (use parseProgress for columns of fractions). Out-of-range values are returned as
 * they are (validation is the caller's); only unreadable text fails, with "not-a-percentage".
 */
export function parsePercentage(cell: CellValue, numberFormat?: string, options: PercentOptions = {}): Parsed<number> {
  const r = read(cell, numberFormat, options);
  return "ok" in r ? r : ok(r.value);
}

export interface ProgressOptions extends PercentOptions {
  /**
   * The column holds fractions: every plain numeric value in it is within [0, 1] (decided by the caller, e.g.
   * with isFractionColumn). Then 0.5 → 50 and 1 → 100 even without a "%" format.
   */
  fractionColumn?: boolean;
}

/** A progress rate in percent units (0–100 expected, not enforced): parsePercentage, plus fraction columns. */
export function parseProgress(cell: CellValue, numberFormat?: string, options: ProgressOptions = {}): Parsed<number> {
  const r = read(cell, numberFormat, options);
  if ("ok" in r) return r;
  return ok(options.fractionColumn && r.fromFraction ? times100(r.value) : r.value);
}

/**
 * Does a column write progress as fractions? True when it has at least one plain number (a number cell without
 * a "%" format, or numeric text without "%") and every such number is within [0, 1].
 */
export function isFractionColumn(cells: readonly CellValue[], numberFormats?: readonly (string | undefined)[]): boolean {
  let plain = 0;
  for (const [i, cell] of cells.entries()) {
    const r = read(cell, numberFormats?.[i], {});
    if ("ok" in r || !r.fromFraction) continue;
    if (r.value < 0 || r.value > 1) return false;
    plain++;
  }
  return plain > 0;
}
