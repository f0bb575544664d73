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
  function remember<T>(
    what: string,
    variant: unknown,
    variant2: unknown,
    value: CellValue,
    format: string,
    compute: () => T,
    numbersToo = false,
  ): T {
    if (typeof value !== "string" && !(numbersToo && typeof value === "number")) return compute();
    const cache = table(table(table(table(memo, what), variant), variant2), format);
    const known = cache.get(value) as T | undefined;
    if (known !== undefined || cache.has(value)) return known as T;
    const result = compute();
    cache.set(value, result);
    return result;
  }
  return {
    fold: (value: CellValue) =>
      remember("fold", null, null, value, "", () => fold(typeof value === "string" ? value : value === null ? "" : String(value))),
    status: (value: CellValue) => remember("status", null, null, value, "", () => parseStatus(value)),
    progress: (value: CellValue, format: string, fractionColumn: boolean, notation: Notation | undefined) =>
      remember(
        "progress",
        fractionColumn,
        notation,
        value,
        format,
        () => parseProgress(value, format, { fractionColumn, notation }),
        true,
      ),
    deadline: (value: CellValue, format: string) =>
      remember("deadline", null, null, value, format, () => parseDeadline(value, format), true),
    date: (value: CellValue, format: string) =>
      remember("date", null, null, value, format, () => parseDate(value, format), true),
    period: (value: CellValue, format: string, defaultYear: number | undefined) =>
      remember("period", defaultYear, null, value, format, () => parsePeriod(value, format, { defaultYear })),
    /** A value or target of an indicator: percentages read "62%" and 0.62 with a % format alike. */
    indicatorNumber: (indicator: Indicator, value: CellValue, format: string, notation: Notation | undefined) => {
      const percentage = indicator.valueType === "percentage";
      return remember("number", percentage, notation, value, format, () =>
        percentage ? parsePercentage(value, format, { notation }) : parseNumber(value, { notation }),
      );
    },
    actor: (value: CellValue) => remember("actor", null, null, value, "", () => indexes.actors.find(value)),
    indicator: (value: CellValue) => remember("indicator", null, null, value, "", () => indexes.indicators.find(value)),
    recommendation: (meetingId: string, value: CellValue) =>
      remember("recommendation", meetingId, null, value, "", () => indexes.recommendations.find(meetingId, value)),
  };
}

export type CellReaders = ReturnType<typeof createCellReaders>;
