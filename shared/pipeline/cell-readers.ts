import type { Indicator } from "../model/indicator";
import { parseDate } from "../normalise/date";
import { parseDeadline } from "../normalise/deadline";
import type { ActorIndex, IndicatorIndex, RecommendationIndex } from "../normalise/lookup";
import { parseNumber } from "../normalise/number";
import type { Notation } from "../normalise/number";
import { parsePercentage, parseProgress } from "../normalise/percent";
import { parsePeriod } from "../normalise/period";
import { parseStatus } from "../normalise/status";
import { fold } from "../normalise/text";
import type { CellValue } from "./types";

export interface Indexes {
  actors: ActorIndex;
  indicators: IndicatorIndex;
  recommendations: RecommendationIndex;
  /** The highest recommendation number of each meeting, for messages ("use a number from 1 to 22"). */
  highestNumber: ReadonlyMap<string, number>;
}

/** Memo tables nested by key part: reader, variant, number format, then the cell value itself. */
type Memo = Map<unknown, unknown>;

function table(parent: Memo, key: unknown): Memo {
  let child = parent.get(key) as Memo | undefined;
  if (!child) parent.set(key, (child = new Map()));
  return child;
}

/** A normaliser of one cell, with up to two settings of the sheet or column (its notation, a default year…). */
type Read<A, B, T> = (value: CellValue, format: string, a: A, b: B) => T;

// Defined once rather than as arrows at each call: reading a cell builds no closure, and each names its memo table.
const readFold = (value: CellValue) => fold(typeof value === "string" ? value : value === null ? "" : String(value));
const readStatus = (value: CellValue) => parseStatus(value);
const readProgress = (value: CellValue, format: string, fractionColumn: boolean, notation: Notation | undefined) =>
  parseProgress(value, format, { fractionColumn, notation });
const readDeadline = (value: CellValue, format: string) => parseDeadline(value, format);
const readDate = (value: CellValue, format: string) => parseDate(value, format);
const readPeriod = (value: CellValue, format: string, defaultYear: number | undefined) =>
  parsePeriod(value, format, { defaultYear });
// One options object per notation rather than one per cell read.
const NOTATION_OPTIONS = { en: { notation: "en" }, fr: { notation: "fr" }, none: {} } as const;
/** Percentages read "62%" and 0.62 with a % format alike. */
const readNumber = (value: CellValue, format: string, percentage: boolean, notation: Notation | undefined) => {
  const options = NOTATION_OPTIONS[notation ?? "none"];
  return percentage ? parsePercentage(value, format, options) : parseNumber(value, options);
};

/**
 * The normalisers and look-ups a sheet needs, remembered per distinct text: a column of 50,000 rows holds a
 * few dozen statuses, countries, periods and codes, and folding text is what reading a sheet costs most.
 * Numbers are remembered only where a column repeats them (progress rates, dates): values rarely repeat, and
 * remembering each would cost more than reading it. One instance per sheet.
 * The cell's own value is the last key rather than part of a joined string: V8 keeps a string's hash, so a
 * repeated cell text is not re-joined and re-hashed on every row (Map keeps "1" and 1 apart, as the joined key did).
 */
export function createCellReaders(indexes: Indexes) {
  const memo: Memo = new Map();
  function remember<A, B, T>(read: Read<A, B, T>, a: A, b: B, value: CellValue, format: string, numbersToo = false): T {
    if (typeof value !== "string" && !(numbersToo && typeof value === "number")) return read(value, format, a, b);
    const cache = table(table(table(table(memo, read), a), b), format);
    const known = cache.get(value) as T | undefined;
    if (known !== undefined || cache.has(value)) return known as T;
    const result = read(value, format, a, b);
    cache.set(value, result);
    return result;
  }
  const readActor = (value: CellValue) => indexes.actors.find(value);
  const readIndicator = (value: CellValue) => indexes.indicators.find(value);
  const readRecommendation = (value: CellValue, _format: string, meetingId: string) =>
    indexes.recommendations.find(meetingId, value);
  return {
    fold: (value: CellValue) => remember(readFold, null, null, value, ""),
    status: (value: CellValue) => remember(readStatus, null, null, value, ""),
    progress: (value: CellValue, format: string, fractionColumn: boolean, notation: Notation | undefined) =>
      remember(readProgress, fractionColumn, notation, value, format, true),
    deadline: (value: CellValue, format: string) => remember(readDeadline, null, null, value, format, true),
    date: (value: CellValue, format: string) => remember(readDate, null, null, value, format, true),
    period: (value: CellValue, format: string, defaultYear: number | undefined) =>
      remember(readPeriod, defaultYear, null, value, format),
    /** A value or target of an indicator. */
    indicatorNumber: (indicator: Indicator, value: CellValue, format: string, notation: Notation | undefined) =>
      remember(readNumber, indicator.valueType === "percentage", notation, value, format),
    actor: (value: CellValue) => remember(readActor, null, null, value, ""),
    indicator: (value: CellValue) => remember(readIndicator, null, null, value, ""),
    recommendation: (meetingId: string, value: CellValue) => remember(readRecommendation, meetingId, null, value, ""),
  };
}

export type CellReaders = ReturnType<typeof createCellReaders>;
