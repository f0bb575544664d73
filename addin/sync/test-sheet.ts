import { parseSheet } from "../../shared/pipeline/parse-sheet";
import type { CellValue, SheetInput, SheetResult } from "../../shared/pipeline/types";
import { loadReferenceData } from "../../shared/reference";
import { templateHeaderRow } from "../workbook/adapter";
import { buildTemplate, STATUS_LABELS } from "../workbook/template";
import type { CellWrite } from "./conflicts";

/**
 * Test support: a follow-up sheet as an administration fills it (from the add-in's own template, so that it
 * reads back clean), checked by the real pipeline; and the same sheet after cell writes.
 */
export const ref = loadReferenceData();

export interface TestSheet {
  input: SheetInput;
  result: SheetResult;
  /** 1-based column of each header text. */
  column(header: string): number;
}

export function check(input: SheetInput): SheetResult {
  return parseSheet(input, ref, { meetingId: "PC11", actorId: "CI" });
}

export function followUpSheet(fill?: (row: CellValue[], index: number) => CellValue[], lang: "fr" | "en" = "fr"): TestSheet {
  const template = buildTemplate({ kind: "follow-up", meetingId: "PC11", actorId: "CI", lang }, ref);
  const width = template.columns.length;
  const pad = (r: CellValue[]) => Array.from({ length: width }, (_, c) => r[c] ?? "");
  const values: CellValue[][] = [];
  const formats: string[][] = [];
  for (const line of template.title) {
    values.push(pad([line]));
    formats.push(pad([]).map(() => "General"));
  }
  values.push(pad([]));
  formats.push(pad([]).map(() => "General"));
  if (values.length + 1 !== templateHeaderRow(template)) throw new Error("template layout changed");
  values.push(template.columns.map((c) => c.header));
  formats.push(template.columns.map(() => "@"));
  template.rows.forEach((row, i) => {
    values.push(pad(fill ? fill([...row], i) : row));
    formats.push(template.columns.map((c, j) => template.cellFormats?.[i]?.[j] ?? c.numberFormat));
  });
  const input: SheetInput = { name: template.name, values, numberFormats: formats, origin: { row: 0, column: 0 } };
  const headers = template.columns.map((c) => c.header);
  return {
    input,
    result: check(input),
    column: (header) => {
      const i = headers.indexOf(header);
      if (i < 0) throw new Error(`no column ${header}`);
      return i + 1;
    },
  };
}

export const STATUSES = STATUS_LABELS;

/** The grid after the writes, as Excel would hold it (formats first, then values). */
export function applyWrites(input: SheetInput, writes: readonly CellWrite[]): SheetInput {
  const values = input.values.map((r) => [...r]);
  const numberFormats = (input.numberFormats ?? []).map((r) => [...r]);
  const origin = input.origin ?? { row: 0, column: 0 };
  for (const w of writes) {
    const r = w.row - 1 - origin.row;
    const c = w.column - 1 - origin.column;
    values[r]![c] = w.value;
    if (w.numberFormat) numberFormats[r]![c] = w.numberFormat;
  }
  return { ...input, values, numberFormats };
}
