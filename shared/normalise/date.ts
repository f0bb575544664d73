import type { IsoDate } from "../model/common";
import type { CellValue } from "../pipeline/types";
import { fullYear, isoDay, isRealDay, MONTHS, WEEKDAYS } from "./calendar";
import { isBlank, isMissingMarker } from "./empty";
import type { Parsed } from "./result";
import { fail, ok, quote } from "./result";
import { cellText, fold } from "./text";

const DAY_MS = 86_400_000;
// Excel's day 0 is 1899-12-31, but Excel also counts 1900-02-29, which never was (a Lotus 1-2-3 bug it kept):
// from serial 61 (1900-03-01) on, serials are days since 1899-12-30.
const EPOCH_FROM_MARCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_BEFORE_MARCH_1900 = Date.UTC(1899, 11, 31);
const FAKE_LEAP_DAY = 60;
const MAX_SERIAL = 2_958_465; // 9999-12-31

/** The ISO date of an Excel serial (1900 date system; the fraction, a time of day, is dropped). */
export function excelSerialToIso(serial: number): IsoDate | undefined {
  if (!Number.isFinite(serial)) return undefined;
  const day = Math.floor(serial);
  if (day < 1 || day > MAX_SERIAL || day === FAKE_LEAP_DAY) return undefined;
  const ms = (day < FAKE_LEAP_DAY ? EPOCH_BEFORE_MARCH_1900 : EPOCH_FROM_MARCH_1900) + day * DAY_MS;
  const d = new Date(ms);
  return isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The Excel serial (1900 date system) of an ISO date, or undefined if it is not a real date from 1900-01-01 on. */
export function isoToExcelSerial(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || !isRealDay(year, month, day)) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const serial = (ms - EPOCH_FROM_MARCH_1900) / DAY_MS;
  return serial > FAKE_LEAP_DAY ? serial : (ms - EPOCH_BEFORE_MARCH_1900) / DAY_MS;
}

/** The date and time codes of a number format, without its literal text, colours, locales and padding. */
function formatCodes(numberFormat: string): string {
  return numberFormat
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/[_*]./g, "")
    .toLowerCase();
}

/** Is the Excel number format a date one ("dd/mm/yyyy", "mmm-yy", "[$-40C]d mmmm yyyy")? Time-only formats are not. */
export function isDateFormat(numberFormat: string | undefined): boolean {
  if (!numberFormat || /^general$/i.test(numberFormat.trim())) return false;
  const codes = formatCodes(numberFormat);
  if (/[dy]/.test(codes)) return true;
  // "m" alone is a month ("mmm"); next to hours or seconds it is minutes.
  return codes.includes("m") && !/[hs]/.test(codes);
}

/** A date format that shows months but no days ("mmm-yy", "mmmm yyyy"): the cell stands for a month. */
export function isMonthFormat(numberFormat: string | undefined): boolean {
  if (!isDateFormat(numberFormat)) return false;
  const codes = formatCodes(numberFormat ?? "");
  return codes.includes("m") && !codes.includes("d");
}

// Serials read as dates in a General cell: 1990-01-01 to 2100-12-31. Outside that, a bare number is no date.
const PLAUSIBLE_SERIALS = [32_874, 73_415] as const;

const ISO_TEXT = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const DAY_FIRST_TEXT = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;
const ORDINAL_DAY = /^(\d{1,2})(?:er|re|e|eme|st|nd|rd|th|o|a)?$/;

type Ymd = [year: number, month: number, day: number];

/** "15 novembre 2021", "15 Nov 2021", "lundi 1er mars 2021", "November 15, 2021", "15 de novembro de 2021". */
function wordDate(text: string): Ymd | undefined {
  const tokens = fold(text)
    .split(" ")
    .filter((t) => t !== "" && t !== "de" && t !== "le" && t !== "of" && t !== "the" && !WEEKDAYS.has(t));
  if (tokens.length !== 3) return undefined;
  const [a = "", b = "", c = ""] = tokens;
  if (!/^\d{4}$/.test(c)) return undefined;
  const dayFirst = ORDINAL_DAY.exec(a);
  if (dayFirst && MONTHS.has(b)) return [Number(c), MONTHS.get(b)!, Number(dayFirst[1])];
  const daySecond = ORDINAL_DAY.exec(b);
  if (daySecond && MONTHS.has(a)) return [Number(c), MONTHS.get(a)!, Number(daySecond[1])];
  return undefined;
}

/** The year, month and day a text writes, real or not; undefined when it does not look like a date. */
function dateParts(text: string): Ymd | undefined {
  let m = ISO_TEXT.exec(text);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = DAY_FIRST_TEXT.exec(text);
  if (m) return [fullYear(m[3]!), Number(m[2]), Number(m[1])];
  return wordDate(text);
}

function impossible(text: string): Parsed<never> {
  return fail("impossible-date", {
    fr: `${quote(text, "fr")} n'est pas une date possible (jour, mois, année ; les dates s'écrivent jour en premier).`,
    en: `${quote(text)} is not a possible date (day, month, year; dates are read day first).`,
  });
}

function notADate(text: string): Parsed<never> {
  return fail("not-a-date", { fr: `${quote(text, "fr")} n'est pas une date.`, en: `${quote(text)} is not a date.` });
}

/**
 * A calendar date: an Excel serial (with a date format, or a plausible one — 1990 to 2100 — in a General cell),
 * day-first text ("31/12/2021", "31-12-21", "31.12.2021"), ISO "2021-12-31", or words ("15 novembre 2021",
 * "15 Nov 2021", "November 15, 2021", "15 de novembro de 2021"). Numeric text is always read day first, never
 * month first: "12/31/2021" is an impossible date, "02/03/2021" is 2 March. Years from 1900.
 */
export function parseDate(cell: CellValue, numberFormat?: string): Parsed<IsoDate> {
  if (isBlank(cell)) return fail("empty", { fr: "Cellule vide.", en: "Empty cell." });
  if (isMissingMarker(cell)) {
    return fail("missing", { fr: `Date déclarée manquante (${quote(String(cell), "fr")}).`, en: `Date declared missing (${quote(String(cell))}).` });
  }
  if (typeof cell === "number") {
    const general = !numberFormat || /^general$/i.test(numberFormat.trim());
    if (!isDateFormat(numberFormat) && !(general && cell >= PLAUSIBLE_SERIALS[0] && cell < PLAUSIBLE_SERIALS[1] + 1)) {
      return notADate(String(cell));
    }
    const iso = excelSerialToIso(cell);
    if (iso) return ok(iso);
    return Math.floor(cell) === FAKE_LEAP_DAY
      ? impossible("1900-02-29")
      : fail("date-out-of-range", { fr: `${cell} n'est pas une date Excel valide.`, en: `${cell} is not a valid Excel date.` });
  }
  if (typeof cell !== "string") return notADate(String(cell));
  const text = cellText(cell);
  const parts = dateParts(text);
  if (!parts) return notADate(text);
  const [year, month, day] = parts;
  if (!isRealDay(year, month, day)) return impossible(text);
  if (year < 1900) {
    return fail("date-out-of-range", { fr: `${quote(text, "fr")} : année antérieure à 1900.`, en: `${quote(text)}: year before 1900.` });
  }
  return ok(isoDay(year, month, day));
}
