// Calendar helpers shared by the date, deadline and period normalisers.

/** Month names and abbreviations in French, English and Portuguese, folded (see fold), → month 1–12. */
export const MONTHS: ReadonlyMap<string, number> = new Map(
  (
    [
      [1, "janvier janv jan january janeiro"],
      [2, "fevrier fevr fev feb february fevereiro"],
      [3, "mars mar march marco"],
      [4, "avril avr apr april abril abr"],
      [5, "mai may maio"],
      [6, "juin jun june junho"],
      [7, "juillet juil jul july julho"],
      [8, "aout aou aug august agosto ago"],
      [9, "septembre sept sep september setembro set"],
      [10, "octobre oct october outubro out"],
      [11, "novembre nov november novembro"],
      [12, "decembre dec december dezembro dez"],
    ] as const
  ).flatMap(([month, names]) => names.split(" ").map((name) => [name, month] as const)),
);

/** Day names (folded), skipped in dates: "lundi 15 novembre 2021". */
export const WEEKDAYS: ReadonlySet<string> = new Set(
  (
    "lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday saturday sunday " +
    "mon tue tues wed thu thur thurs fri sat sun segunda terca quarta quinta sexta sabado domingo feira"
  ).split(" "),
);

export function isoDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function lastDayOfMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Is (year, month, day) a real calendar day? */
export function isRealDay(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= lastDayOfMonth(year, month)
  );
}

/** A year written with two digits, as Excel reads them: 00–29 → 2000s, 30–99 → 1900s. */
export function fullYear(digits: string): number {
  const n = Number(digits);
  if (digits.length > 2) return n;
  return n < 30 ? 2000 + n : 1900 + n;
}
