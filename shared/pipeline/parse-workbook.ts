import type { ReferenceData } from "../model/reference";
import { parseSheet } from "./parse-sheet";
import type { PipelineOptions, SheetInput, SheetResult } from "./types";

export interface WorkbookResult {
  sheets: SheetResult[];
}

/** Check every sheet of a workbook; options may be given per sheet name (the pane remembers mappings per sheet). */
export function parseWorkbook(
  sheets: readonly SheetInput[],
  ref: ReferenceData,
  options: PipelineOptions = {},
  perSheet: Readonly<Record<string, PipelineOptions>> = {},
): WorkbookResult {
  return { sheets: sheets.map((s) => parseSheet(s, ref, { ...options, ...perSheet[s.name] })) };
}
