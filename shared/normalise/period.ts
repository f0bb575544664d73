import type { PeriodId } from "../model/period";
import type { CellValue } from "../pipeline/types";
import type { Parsed } from "./result";
import { fail } from "./result";

export interface PeriodOptions {
  /** The year to use when the cell gives none ("Q1", "T3", "Janvier"), e.g. from the sheet's title. */
  defaultYear?: number;
}

/** A DHIS2 period id ("2021", "2021S1", "2021Q3", "202105") from any spelling sheets use. Years 1990–2100. */
export function parsePeriod(cell: CellValue, numberFormat?: string, options: PeriodOptions = {}): Parsed<PeriodId> {
  void cell;
  void numberFormat;
  void options;
  return fail("not-a-period", { fr: "TODO", en: "TODO" });
}
