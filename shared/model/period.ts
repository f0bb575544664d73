import { z } from "zod";

/**
 * Reporting periods, identified as DHIS2 does: "2021" (year), "2021S1" (semester), "2021Q3" (quarter),
 * "202105" (month). Parsing the many ways sheets write them lives in shared/normalise/period.
 */
export const PeriodType = z.enum(["yearly", "semester", "quarterly", "monthly"]);
export type PeriodType = z.infer<typeof PeriodType>;

const PERIOD_PATTERN = /^(\d{4})(?:S([12])|Q([1-4])|(0[1-9]|1[0-2]))?$/;

export const PeriodId = z.string().regex(PERIOD_PATTERN, "period: 2021, 2021S1, 2021Q3 or 202105");
export type PeriodId = z.infer<typeof PeriodId>;

export interface PeriodInfo {
  id: string;
  type: PeriodType;
  year: number;
  /** 1-based index within the year: semester 1–2, quarter 1–4, month 1–12; 1 for a year. */
  index: number;
  /** First and last day, ISO dates. */
  start: string;
  end: string;
}

const MONTHS_PER: Record<PeriodType, number> = { yearly: 12, semester: 6, quarterly: 3, monthly: 1 };

function isoDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Build a period id from its parts. */
export function periodId(type: PeriodType, year: number, index = 1): string {
  switch (type) {
    case "yearly":
      return String(year);
    case "semester":
      return `${year}S${index}`;
    case "quarterly":
      return `${year}Q${index}`;
    case "monthly":
      return `${year}${String(index).padStart(2, "0")}`;
  }
}

/** Decode a DHIS2 period id, or undefined if it is not one. */
export function periodInfo(id: string): PeriodInfo | undefined {
  const m = PERIOD_PATTERN.exec(id);
  if (!m) return undefined;
  const year = Number(m[1]);
  const [type, index]: [PeriodType, number] = m[2]
    ? ["semester", Number(m[2])]
    : m[3]
      ? ["quarterly", Number(m[3])]
      : m[4]
        ? ["monthly", Number(m[4])]
        : ["yearly", 1];
  const months = MONTHS_PER[type];
  const firstMonth = (index - 1) * months + 1;
  const lastMonth = firstMonth + months - 1;
  return {
    id,
    type,
    year,
    index,
    start: isoDay(year, firstMonth, 1),
    end: isoDay(year, lastMonth, lastDayOfMonth(year, lastMonth)),
  };
}

/** Does period `inner` lie within period `outer` (a quarter within its year, a month within its semester)? */
export function periodWithin(inner: string, outer: string): boolean {
  const a = periodInfo(inner);
  const b = periodInfo(outer);
  return !!a && !!b && b.start <= a.start && a.end <= b.end;
}
