import type { IsoDate } from "../model/common";
import type { CellValue } from "../pipeline/types";
import type { Parsed } from "./result";
import { fail } from "./result";

/** The ISO date of an Excel serial (1900 date system; the fraction, a time of day, is dropped). */
export function excelSerialToIso(serial: number): IsoDate | undefined {
  void serial;
  return undefined;
}

/** The Excel serial (1900 date system) of an ISO date, or undefined if it is not a valid date. */
export function isoToExcelSerial(iso: string): number | undefined {
  void iso;
  return undefined;
}

/** Is the Excel number format a date one ("dd/mm/yyyy", "mmm-yy", "[$-40C]d mmmm yyyy")? Time-only formats are not. */
export function isDateFormat(numberFormat: string | undefined): boolean {
  void numberFormat;
  return false;
}

/**
 * A calendar date: an Excel serial (with a date format, or a plausible one with General), day-first text
 * ("31/12/2021", "31-12-2021", "31.12.2021"), ISO "2021-12-31", or words ("15 novembre 2021", "15 Nov 2021",
 * "November 15, 2021"). Numeric text is always read day first: "12/31/2021" is an impossible date.
 */
export function parseDate(cell: CellValue, numberFormat?: string): Parsed<IsoDate> {
  void cell;
  void numberFormat;
  return fail("not-a-date", { fr: "TODO", en: "TODO" });
}
