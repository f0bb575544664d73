import type { CellValue } from "../pipeline/types";
import { isBlank, isMissingMarker } from "./empty";
import type { Parsed } from "./result";
import { fail, ok, quote } from "./result";

/** English: 1,234.5 (comma groups, dot decimals). French: 1 234,5 (space groups, comma decimals). */
export type Notation = "en" | "fr";

export interface NumberOptions {
  /** The column's notation, when known (inferNotation): decides "1,234" (en: 1234, fr: 1.234). */
  notation?: Notation;
}

// Spaces sheets use between digit groups: normal, no-break, narrow no-break, thin, figure.
const GROUP_SPACES = /[ \u00a0\u202f\u2009\u2007]+/g;
const MINUS = /^[-\u2212\u2013]/;

/** How a digit string reads: its value, and which notation it reveals ("either" when it fits both). */
interface Reading {
  value: number;
  notation: Notation | "either" | "ambiguous";
}

function decimal(int: string, frac: string): number {
  return Number(`${int || "0"}.${frac || "0"}`);
}

/** A number without sign: digits, group separators, one decimal separator, maybe an exponent. */
function readUnsigned(body: string, notation: Notation | undefined): Reading | undefined {
  let m: RegExpExecArray | null;
  if (/^\d+$/.test(body)) return { value: Number(body), notation: "either" };
  // Exponent: no grouping in the mantissa, so its comma or dot can only be the decimal separator.
  if ((m = /^(\d*)(?:([.,])(\d*))?e([+-]?\d{1,4})$/i.exec(body)) && (m[1] || m[3])) {
    return {
      value: Number(`${m[1] || "0"}.${m[3] || "0"}e${m[4]}`),
      notation: m[2] === "," ? "fr" : m[2] === "." ? "en" : "either",
    };
  }
  // Space groups: "1 234", "1 234,5" (and "1 234.5", which some writers use).
  if ((m = /^(\d{1,3}(?: \d{3})+)(?:([.,])(\d*))?$/.exec(body))) {
    return { value: decimal(m[1]!.replace(/ /g, ""), m[3] ?? ""), notation: m[2] === "." ? "en" : "fr" };
  }
  if (body.includes(" ")) return undefined;
  // Comma groups with a decimal dot: "1,234.5", "1,234,567".
  if ((m = /^([1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d*))?$/.exec(body))) {
    const groups = m[1]!.split(",").length - 1;
    if (groups === 1 && m[2] === undefined) {
      // "1,234": thousands in English, 1.234 in French; English unless the column says French.
      return notation === "fr"
        ? { value: decimal(m[1]!.split(",")[0]!, m[1]!.split(",")[1]!), notation: "ambiguous" }
        : { value: Number(m[1]!.replace(/,/g, "")), notation: "ambiguous" };
    }
    return { value: decimal(m[1]!.replace(/,/g, ""), m[2] ?? ""), notation: "en" };
  }
  // Dot groups with a decimal comma ("1.234,5") or several dot groups ("1.234.567"): continental style.
  if ((m = /^([1-9]\d{0,2}(?:\.\d{3})+),(\d*)$/.exec(body)) || (m = /^([1-9]\d{0,2}(?:\.\d{3}){2,})$/.exec(body))) {
    return { value: decimal(m[1]!.replace(/\./g, ""), m[2] ?? ""), notation: "fr" };
  }
  // One decimal separator, no groups: "47,5", ",5", "12," / "47.5", ".5".
  if ((m = /^(\d*),(\d*)$/.exec(body)) && (m[1] || m[2])) return { value: decimal(m[1]!, m[2]!), notation: "fr" };
  if ((m = /^(\d*)\.(\d*)$/.exec(body)) && (m[1] || m[2])) return { value: decimal(m[1]!, m[2]!), notation: "en" };
  return undefined;
}

/** Sign and body of a numeric text: "-12", "+3", "− 4", "(12)" (accounting negative). */
function read(text: string, notation: Notation | undefined): Reading | undefined {
  let body = text.replace(GROUP_SPACES, " ").trim();
  let negative = false;
  const paren = /^\((.*)\)$/.exec(body);
  if (paren) {
    negative = true;
    body = paren[1]!.trim();
  } else if (MINUS.test(body)) {
    negative = true;
    body = body.slice(1).trim();
  } else if (body.startsWith("+")) {
    body = body.slice(1).trim();
  }
  const reading = readUnsigned(body, notation);
  if (!reading || !Number.isFinite(reading.value)) return undefined;
  return { ...reading, value: negative ? -reading.value : reading.value };
}

/**
 * Read a number from a cell: a number as is, or text in English or French notation ("1,234.5", "1 234,5",
 * "47,5", "-12", "+3", "(12)", "1.5e3"). A single dot is always a decimal point. "1,234" (one comma, three
 * digits after, leading group not 0) is English thousands unless `notation` is "fr". Never throws.
 */
export function parseNumber(cell: CellValue, options: NumberOptions = {}): Parsed<number> {
  if (typeof cell === "number") {
    return Number.isFinite(cell)
      ? ok(cell)
      : fail("not-a-number", { fr: "Nombre non fini.", en: "Not a finite number." });
  }
  if (isBlank(cell)) return fail("empty", { fr: "Cellule vide.", en: "Empty cell." });
  if (isMissingMarker(cell)) {
    return fail("missing", { fr: `Valeur déclarée manquante (${quote(String(cell), "fr")}).`, en: `Value declared missing (${quote(String(cell))}).` });
  }
  const text = String(cell);
  const reading = typeof cell === "string" ? read(text, options.notation) : undefined;
  if (reading) return ok(reading.value);
  return fail("not-a-number", { fr: `${quote(text, "fr")} n'est pas un nombre.`, en: `${quote(text)} is not a number.` });
}

/** Which notation a text reveals, if any: "1,234.5" en, "1 234,5" fr, "1,234" and "12" neither. */
export function notationOf(cell: CellValue): Notation | undefined {
  if (typeof cell !== "string") return undefined;
  const n = read(cell, undefined)?.notation;
  return n === "en" || n === "fr" ? n : undefined;
}

/** The notation a column's text cells use (majority of those that tell), or undefined when none tells or they tie. */
export function inferNotation(cells: readonly CellValue[]): Notation | undefined {
  let en = 0;
  let fr = 0;
  for (const cell of cells) {
    const n = notationOf(cell);
    if (n === "en") en++;
    else if (n === "fr") fr++;
  }
  return en > fr ? "en" : fr > en ? "fr" : undefined;
}

const NARROW_NBSP = "\u202f";

/**
 * The canonical written form of a finite number: en "-1,234.5", fr "-1 234,5" (groups separated by U+202F,
 * the French narrow no-break space). Digits are JavaScript's shortest round-trip ones, so parseNumber with the
 * same notation gives back exactly the same number; beyond 1e21 or below 1e-6 an exponent is kept ("1.5e21").
 * -0 is written "-0" to stay exact. Non-finite numbers give "".
 */
export function formatNumber(value: number, notation: Notation): string {
  if (!Number.isFinite(value)) return "";
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  const plain = String(Math.abs(value));
  const decimalSep = notation === "en" ? "." : ",";
  const exp = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(plain);
  if (exp) {
    const power = Number(exp[3]);
    return `${sign}${exp[1]}${exp[2] ? decimalSep + exp[2] : ""}e${power}`;
  }
  const [int = "0", frac] = plain.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+$)/g, notation === "en" ? "," : NARROW_NBSP);
  return `${sign}${grouped}${frac ? decimalSep + frac : ""}`;
}
