import { periodId } from "../model/period";
import type { PeriodId, PeriodType } from "../model/period";
import type { CellValue } from "../pipeline/types";
import { fullYear, MONTHS } from "./calendar";
import { excelSerialToIso, isDateFormat, isMonthFormat } from "./date";
import { isBlank, isMissingMarker } from "./empty";
import type { Parsed } from "./result";
import { fail, ok, quote } from "./result";
import { cellText, fold } from "./text";

export interface PeriodOptions {
  /** The year to use when the cell gives none ("Q1", "T3", "Janvier"), e.g. from the sheet's title. */
  defaultYear?: number;
}

/** Years a period may fall in. */
export const PERIOD_YEARS = { min: 1990, max: 2100 } as const;

/** Words that name a kind of period: S1, H1, semestre, half; Q1, T1, trimestre, quarter; M05. */
const UNITS: ReadonlyMap<string, PeriodType> = new Map([
  ...["s", "sem", "semestre", "semester", "semestral", "h", "half", "metade"].map((w) => [w, "semester"] as const),
  ...["q", "qtr", "t", "trim", "trimestre", "quarter", "trimestral"].map((w) => [w, "quarterly"] as const),
  ...["m", "mois", "month", "mes"].map((w) => [w, "monthly"] as const),
]);

/** Ordinals written as words (French, English, Portuguese). */
const ORDINAL_WORDS: ReadonlyMap<string, number> = new Map([
  ...["premier", "premiere", "first", "primeiro", "primeira"].map((w) => [w, 1] as const),
  ...["deuxieme", "second", "seconde", "segundo", "segunda"].map((w) => [w, 2] as const),
  ...["troisieme", "third", "terceiro", "terceira"].map((w) => [w, 3] as const),
  ...["quatrieme", "fourth", "quarto", "quarta"].map((w) => [w, 4] as const),
]);

/** What follows a number written as an ordinal: 1er, 1re, 2e, 2ème, 2nd, 3rd, 4th, 1º, 1ª. */
const ORDINAL_SUFFIXES = new Set(["er", "re", "ere", "e", "eme", "ieme", "st", "nd", "rd", "th", "º", "ª", "o", "a"]);

/** Words that only say "this is a period": FY2021, Année 2021, Exercice 2021, Ano 2021, "du", "of the". */
const FILLERS = new Set(["fy", "cy", "fiscal", "year", "annee", "an", "exercice", "ano", "exercicio", "periode", "period", "periodo", "de", "du", "d", "of", "the", "do", "da"]);

type Token =
  | { t: "year"; year: number; digits: string } // 4 digits, or 2 after a month or unit
  | { t: "num"; n: number; digits: string } // 1–2 digits
  | { t: "yyyymm"; year: number; month: number }
  | { t: "unit"; unit: PeriodType }
  | { t: "month"; month: number };

function tokenize(text: string): Token[] | undefined {
  // Split letters from digits ("fy2021", "2021s1", "q1", "1er"), then classify every word.
  const words = fold(text)
    .replace(/(\d)(?=\p{L})|(\p{L})(?=\d)/gu, "$1$2 ")
    .split(" ")
    .filter((w) => w !== "");
  const tokens: Token[] = [];
  for (const word of words) {
    const previous = tokens[tokens.length - 1];
    if (/^\d+$/.test(word)) {
      if (word.length === 4) tokens.push({ t: "year", year: Number(word), digits: word });
      else if (word.length <= 2) tokens.push({ t: "num", n: Number(word), digits: word });
      else if (word.length === 6) tokens.push({ t: "yyyymm", year: Number(word.slice(0, 4)), month: Number(word.slice(4)) });
      else return undefined;
    } else if (ORDINAL_SUFFIXES.has(word) && previous?.t === "num") {
      continue;
    } else if (ORDINAL_WORDS.has(word)) {
      tokens.push({ t: "num", n: ORDINAL_WORDS.get(word)!, digits: String(ORDINAL_WORDS.get(word)) });
    } else if (UNITS.has(word)) {
      tokens.push({ t: "unit", unit: UNITS.get(word)! });
    } else if (MONTHS.has(word)) {
      tokens.push({ t: "month", month: MONTHS.get(word)! });
    } else if (!FILLERS.has(word)) {
      return undefined;
    }
  }
  return tokens;
}

type Reading = { type: PeriodType; year: number; index: number } | undefined;

const MAX_INDEX: Record<PeriodType, number> = { yearly: 1, semester: 2, quarterly: 4, monthly: 12 };

/** Match the token shapes sheets write: "2021", "Q1 2021", "2021-T3", "1er semestre 2021", "Jan-21", "05/2021". */
function readTokens(tokens: Token[], defaultYear: number | undefined): Reading {
  const shape = tokens.map((k) => k.t).join(" ");
  const [a, b, c] = tokens;
  const yearOf = (k: Token | undefined): number | undefined =>
    k?.t === "year" ? k.year : k?.t === "num" && k.digits.length === 2 ? fullYear(k.digits) : undefined;
  const indexed = (unit: Token | undefined, n: Token | undefined, year: number | undefined): Reading =>
    unit?.t === "unit" && n?.t === "num" && year !== undefined ? { type: unit.unit, year, index: n.n } : undefined;
  switch (shape) {
    case "year":
      return a?.t === "year" ? { type: "yearly", year: a.year, index: 1 } : undefined;
    case "yyyymm":
      return a?.t === "yyyymm" ? { type: "monthly", year: a.year, index: a.month } : undefined;
    case "unit num year": // Q1 2021, T3 2021, S1 2021, trimestre 1 2021
    case "unit num num": // Q1 21
      return indexed(a, b, yearOf(c));
    case "num unit year": // 1er trimestre 2021, 2e semestre 2021
      return indexed(b, a, yearOf(c));
    case "year unit num": // 2021 S1, 2021-T3, 2021Q1
      return indexed(b, c, yearOf(a));
    case "year num unit": // 2021 1er semestre
      return indexed(c, b, yearOf(a));
    case "month year": // janvier 2021, Jan-2021
    case "month num": // Jan-21
      return a?.t === "month" && yearOf(b) !== undefined ? { type: "monthly", year: yearOf(b)!, index: a.month } : undefined;
    case "year month": // 2021 janvier
      return b?.t === "month" && a?.t === "year" ? { type: "monthly", year: a.year, index: b.month } : undefined;
    case "num year": // 05/2021
      return a?.t === "num" && b?.t === "year" ? { type: "monthly", year: b.year, index: a.n } : undefined;
    case "year num": // 2021-05
      return a?.t === "year" && b?.t === "num" ? { type: "monthly", year: a.year, index: b.n } : undefined;
    case "unit num": // Q1, T3 (year from the sheet)
      return indexed(a, b, defaultYear);
    case "num unit": // 1er trimestre
      return indexed(b, a, defaultYear);
    case "month":
      return a?.t === "month" && defaultYear !== undefined ? { type: "monthly", year: defaultYear, index: a.month } : undefined;
    default:
      return undefined;
  }
}

function validate(reading: Reading, text: string): Parsed<PeriodId> {
  if (reading === undefined) {
    return fail("not-a-period", {
      fr: `${quote(text, "fr")} n'est pas une période (2021, S1 2021, T3 2021, Q1 2021, janvier 2021, 2021-05…).`,
      en: `${quote(text)} is not a period (2021, S1 2021, T3 2021, Q1 2021, January 2021, 2021-05…).`,
    });
  }
  if (reading.index < 1 || reading.index > MAX_INDEX[reading.type] || reading.year < PERIOD_YEARS.min || reading.year > PERIOD_YEARS.max) {
    return fail("invalid-period", {
      fr: `${quote(text, "fr")} n'est pas une période valide (semestre 1–2, trimestre 1–4, mois 1–12, années ${PERIOD_YEARS.min}–${PERIOD_YEARS.max}).`,
      en: `${quote(text)} is not a valid period (semester 1–2, quarter 1–4, month 1–12, years ${PERIOD_YEARS.min}–${PERIOD_YEARS.max}).`,
    });
  }
  return ok(periodId(reading.type, reading.year, reading.index));
}

function readNumber(cell: number, numberFormat: string | undefined): Reading {
  if (isDateFormat(numberFormat)) {
    // A real Excel date: a month when the format shows no day ("mmm-yy"); a full date is no period.
    const iso = isMonthFormat(numberFormat) ? excelSerialToIso(cell) : undefined;
    return iso ? { type: "monthly", year: Number(iso.slice(0, 4)), index: Number(iso.slice(5, 7)) } : undefined;
  }
  if (!Number.isInteger(cell) || cell < 0) return undefined;
  if (cell >= 1000 && cell <= 9999) return { type: "yearly", year: cell, index: 1 };
  if (cell >= 100_000 && cell <= 999_999) return { type: "monthly", year: Math.floor(cell / 100), index: cell % 100 };
  return undefined;
}

/**
 * A DHIS2 period id ("2021", "2021S1", "2021Q3", "202105") from any spelling sheets use: 2021, "FY2021",
 * "S1 2021", "H1 2021", "1er semestre 2021", "T3 2021", "2021-T3", "Q1 2021", "2021Q1", "1º trimestre 2021",
 * "Janv. 2021", "Jan-21", "January 2021", "janeiro 2021", "2021-05", "05/2021", "202105", and a date serial
 * with a month format ("mmm-yy"). Years 1990–2100. "2021 T5", "Q5 2021", "13/2021" fail as "invalid-period".
 */
export function parsePeriod(cell: CellValue, numberFormat?: string, options: PeriodOptions = {}): Parsed<PeriodId> {
  if (isBlank(cell)) return fail("empty", { fr: "Cellule vide.", en: "Empty cell." });
  if (isMissingMarker(cell)) {
    return fail("missing", { fr: `Période déclarée manquante (${quote(String(cell), "fr")}).`, en: `Period declared missing (${quote(String(cell))}).` });
  }
  if (typeof cell === "number") return validate(readNumber(cell, numberFormat), String(cell));
  const text = cellText(String(cell));
  const tokens = tokenize(text);
  return validate(tokens ? readTokens(tokens, options.defaultYear) : undefined, text);
}
