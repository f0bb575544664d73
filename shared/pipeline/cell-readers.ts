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

/**
 * The normalisers and look-ups a sheet needs, remembered per distinct text: a column of 50,000 rows holds a
 * few dozen statuses, countries, periods and codes, and folding text is what reading a sheet costs most.
 * Numbers are remembered only where a column repeats them (progress rates, dates): values rarely repeat, and
 * remembering each would cost more than reading it. One instance per sheet.
 */
export function createCellReaders(indexes: Indexes) {
  const caches = new Map<string, Map<string, unknown>>();
  function remember<T>(what: string, value: CellValue, format: string, compute: () => T, numbersToo = false): T {
    if (typeof value !== "string" && !(numbersToo && typeof value === "number")) return compute();
    let cache = caches.get(what);
    if (!cache) caches.set(what, (cache = new Map()));
    const key = `${format}\u0001${typeof value}${value}`;
    if (cache.has(key)) return cache.get(key) as T;
    const result = compute();
    cache.set(key, result);
    return result;
  }
  return {
    fold: (value: CellValue) =>
      remember("fold", value, "", () => fold(typeof value === "string" ? value : value === null ? "" : String(value))),
    status: (value: CellValue) => remember("status", value, "", () => parseStatus(value)),
    progress: (value: CellValue, format: string, fractionColumn: boolean, notation: Notation | undefined) =>
      remember(
        `progress${fractionColumn}${notation}`,
        value,
        format,
        () => parseProgress(value, format, { fractionColumn, notation }),
        true,
      ),
    deadline: (value: CellValue, format: string) =>
      remember("deadline", value, format, () => parseDeadline(value, format), true),
    date: (value: CellValue, format: string) => remember("date", value, format, () => parseDate(value, format), true),
    period: (value: CellValue, format: string, defaultYear: number | undefined) =>
      remember(`period${defaultYear}`, value, format, () => parsePeriod(value, format, { defaultYear })),
    /** A value or target of an indicator: percentages read "62%" and 0.62 with a % format alike. */
    indicatorNumber: (indicator: Indicator, value: CellValue, format: string, notation: Notation | undefined) => {
      const percentage = indicator.valueType === "percentage";
      return remember(`number${percentage}${notation}`, value, format, () =>
        percentage ? parsePercentage(value, format, { notation }) : parseNumber(value, { notation }),
      );
    },
    actor: (value: CellValue) => remember("actor", value, "", () => indexes.actors.find(value)),
    indicator: (value: CellValue) => remember("indicator", value, "", () => indexes.indicators.find(value)),
    recommendation: (meetingId: string, value: CellValue) =>
      remember(`recommendation${meetingId}`, value, "", () => indexes.recommendations.find(meetingId, value)),
  };
}

export type CellReaders = ReturnType<typeof createCellReaders>;
