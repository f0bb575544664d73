import type { CellValue } from "../pipeline/types";
import type { Notation } from "./number";
import type { Parsed } from "./result";
import { fail } from "./result";

/** Is the Excel number format a percentage one ("0%", "0.0%", "#,##0.00 %")? */
export function isPercentFormat(numberFormat: string | undefined): boolean {
  return !!numberFormat && numberFormat.includes("%");
}

export interface PercentOptions {
  notation?: Notation;
}

/**
 * A percentage, in percent units: 0.5 with a "%" format → 50; "50 %", "50%", "50,5 %" → 50, 50.5; 50 → 50.
 * Out-of-range values are returned as they are (validation is the caller's); only unreadable text fails.
 */
export function parsePercentage(cell: CellValue, numberFormat?: string, options: PercentOptions = {}): Parsed<number> {
  void cell;
  void numberFormat;
  void options;
  return fail("not-a-percentage", { fr: "TODO", en: "TODO" });
}

export interface ProgressOptions extends PercentOptions {
  /**
   * The column holds fractions: every numeric value in it is within [0, 1] (decided by the caller, e.g. with
   * isFractionColumn). Then 0.5 → 50 and 1 → 100 even without a "%" format.
   */
  fractionColumn?: boolean;
}

/** A progress rate 0–100 in percent units; as parsePercentage, plus fraction columns. */
export function parseProgress(cell: CellValue, numberFormat?: string, options: ProgressOptions = {}): Parsed<number> {
  void options;
  return parsePercentage(cell, numberFormat);
}

/**
 * Does a column write progress as fractions? True when it has at least one plain number (not a "%" text, not
 * a cell with a "%" format) and every such number is within [0, 1].
 */
export function isFractionColumn(cells: readonly CellValue[], numberFormats?: readonly (string | undefined)[]): boolean {
  void cells;
  void numberFormats;
  return false;
}
