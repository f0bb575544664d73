import type { Message } from "../pipeline/types";

/**
 * Why a cell could not be read. Stable codes: the pipeline maps them to issue codes and severities.
 * "empty" and "missing" are not errors by themselves: a blank cell or an explicit "n/a" / "-" means
 * "no value", which is neither zero nor "not applicable"; whether a value is required is the caller's call.
 */
export type FailureReason =
  | "empty" // blank cell: "", null, whitespace
  | "missing" // an explicit missing marker: "n/a", "-", "nd"… (see empty.ts)
  | "not-a-number"
  | "not-a-percentage"
  | "not-a-date"
  | "impossible-date" // looks like a date but is none: 31/02/2021, month 13, Excel's fake 1900-02-29
  | "date-out-of-range" // a date serial or year outside what the domain accepts
  | "not-a-period"
  | "invalid-period" // shaped like a period but impossible: "2021 T5", "Q5 2021", "13/2021", year 1850
  | "unknown-status"
  | "unrecognised-deadline"
  | "not-a-recommendation-number";

export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; reason: FailureReason; message: Message };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T = never>(reason: FailureReason, message: Message): Parsed<T> {
  return { ok: false, reason, message };
}

/** A cell's text for a message: shortened so that a 10,000-character cell does not flood the task pane. */
export function quote(text: string, lang: "fr" | "en" = "en"): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return lang === "fr" ? `«\u00a0${short}\u00a0»` : `"${short}"`;
}
