import type { CellValue } from "../pipeline/types";
import type { Parsed } from "./result";
import { fail } from "./result";

/** English: 1,234.5 (comma groups, dot decimals). French: 1 234,5 (space groups, comma decimals). */
export type Notation = "en" | "fr";

export interface NumberOptions {
  /** The column's notation, when known (inferNotation): decides "1,234" (en: 1234, fr: 1.234). */
  notation?: Notation;
}

/** Read a number from a cell: a number as is, or text in English or French notation. Never throws. */
export function parseNumber(cell: CellValue, options: NumberOptions = {}): Parsed<number> {
  void cell;
  void options;
  return fail("not-a-number", { fr: "TODO", en: "TODO" });
}

/** The canonical written form of a finite number: en "-1,234.5", fr "-1 234,5" (U+202F narrow no-break space groups). */
export function formatNumber(value: number, notation: Notation): string {
  return notation === "en" ? String(value) : String(value).replace(".", ",");
}

/** The notation a column's text cells use, or undefined when none of them tells. */
export function inferNotation(cells: readonly CellValue[]): Notation | undefined {
  void cells;
  return undefined;
}
