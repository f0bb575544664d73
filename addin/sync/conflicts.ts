import type { Lang } from "../../shared/model/common";
import type { Deadline } from "../../shared/model/deadline";
import type { FollowUpFields, Status } from "../../shared/model/follow-up";
import type { IndicatorValueFields } from "../../shared/model/indicator-value";
import type { ReferenceData } from "../../shared/model/reference";
import { isDateFormat, isoToExcelSerial } from "../../shared/normalise/date";
import { isFractionColumn, isPercentFormat } from "../../shared/normalise/percent";
import type { CellValue, ColumnMapping, FieldName, Message, RecordSource, SheetInput, SheetResult } from "../../shared/pipeline/types";
import { fieldDifferences } from "../../shared/sync/compare";
import type { FieldDifference, PushFollowUp, PushIndicatorValue, PushRequest, PushResponse, SyncFollowUp, SyncIndicatorValue } from "../../shared/sync/protocol";
import { followUpKeyString, indicatorValueKeyString } from "../../shared/sync/protocol";
import { syncBothWith } from "../i18n/sync-messages";
import { dayFirst, deadlineText, fieldLabel, statusLabel } from "./display";
import { recordKey, type RecordKind } from "./records";

/**
 * Conflicts: a record the region changed since the sheet's copy was based on it. The user picks, field by
 * field, the sheet's value or the region's; the result is (a) the record to push, based on the region's
 * version, with exactly those values, and (b) the cells to write on the sheet where the region's value won,
 * so that the sheet and the region agree afterwards.
 */

export type Side = "sheet" | "region";

export type Conflict =
  | { kind: "followUp"; key: string; label: string; local: PushFollowUp; server: SyncFollowUp | null; differences: FieldDifference[]; at: RecordSource | null }
  | { kind: "indicatorValue"; key: string; label: string; local: PushIndicatorValue; server: SyncIndicatorValue | null; differences: FieldDifference[]; at: RecordSource | null };

/** The conflicts of a push's (or dry run's) answer, with the record sent and where it sits on the sheet. */
export function conflictsOf(
  request: PushRequest,
  response: PushResponse,
  sources?: { followUps: RecordSource[]; indicatorValues: RecordSource[] },
): Conflict[] {
  const out: Conflict[] = [];
  for (const r of response.followUps) {
    const local = request.followUps?.[r.index];
    if (r.result !== "conflict" || !local) continue;
    const server = r.server ?? null;
    out.push({
      kind: "followUp",
      key: recordKey("followUp", local.key),
      label: followUpKeyString(local.key),
      local,
      server,
      differences: fieldDifferences<object>(server?.fields ?? null, local.fields),
      at: sources?.followUps[r.index] ?? null,
    });
  }
  for (const r of response.indicatorValues) {
    const local = request.indicatorValues?.[r.index];
    if (r.result !== "conflict" || !local) continue;
    const server = r.server ?? null;
    out.push({
      kind: "indicatorValue",
      key: recordKey("indicatorValue", local.key),
      label: indicatorValueKeyString(local.key),
      local,
      server,
      differences: fieldDifferences<object>(server?.fields ?? null, local.fields),
      at: sources?.indicatorValues[r.index] ?? null,
    });
  }
  return out;
}

/** A cell to write on the checked sheet (1-based), text cells formatted as text first. */
export interface CellWrite {
  row: number;
  column: number;
  value: CellValue;
  /** Set when the cell's format must change for the value to read back as written ("@" for text). */
  numberFormat?: string;
  field: string;
}

/** What the conflict write-back needs to know of the sheet: where each field is, and how its cells are written. */
export interface SheetLayout {
  /** 1-based column of each field. */
  columns: Partial<Record<FieldName, number>>;
  /** The cell as the check read it, for its number format and kind of value. */
  cell(row: number, column: number): { value: CellValue; numberFormat: string } | undefined;
  /** The progress column holds fractions (0.5 for 50 %) without a % format. */
  fractionProgress: boolean;
  /** Percentage indicators are written as fractions in % cells. */
  isPercentage(indicatorCode: string): boolean;
}

/** The layout of a checked sheet: its mapping, and the grid it was read from. */
export function sheetLayout(result: Pick<SheetResult, "mapping" | "headerRow">, input: SheetInput, ref?: Pick<ReferenceData, "indicators">): SheetLayout {
  const columns: Partial<Record<FieldName, number>> = {};
  for (const m of result.mapping as ColumnMapping[]) if (m.field && !m.period && columns[m.field] === undefined) columns[m.field] = m.column;
  const origin = input.origin ?? { row: 0, column: 0 };
  const cell = (row: number, column: number) => {
    const line = input.values[row - 1 - origin.row];
    if (!line) return undefined;
    const c = column - 1 - origin.column;
    return { value: line[c] ?? "", numberFormat: input.numberFormats?.[row - 1 - origin.row]?.[c] ?? "General" };
  };
  let fractionProgress = false;
  const progress = columns.progress;
  if (progress !== undefined && result.headerRow !== null) {
    const cells: CellValue[] = [];
    const formats: string[] = [];
    for (let r = result.headerRow + 1; r <= origin.row + input.values.length; r++) {
      const c = cell(r, progress);
      if (c) {
        cells.push(c.value);
        formats.push(c.numberFormat);
      }
    }
    fractionProgress = isFractionColumn(cells, formats);
  }
  const percentage = new Set((ref?.indicators ?? []).filter((i) => i.valueType === "percentage").map((i) => i.code));
  return { columns, cell, fractionProgress, isPercentage: (code) => percentage.has(code) };
}

export interface Resolution {
  kind: RecordKind;
  key: string;
  /** Exactly the values to send: the sheet's where the sheet was chosen, the region's elsewhere. */
  push: PushFollowUp | PushIndicatorValue;
  /** Cells to write where the region's value was chosen. */
  writes: CellWrite[];
  /** Fields where the region's value was chosen but the sheet has no column for them. */
  notWritten: { field: string; message: Message }[];
}

/**
 * Resolve one conflict. `choices` must name a side for every field that differs (throws otherwise: a field
 * silently left to one side is a lost value). The push is based on the region's version.
 */
export function resolveConflict(conflict: Conflict, choices: Readonly<Record<string, Side>>, layout: SheetLayout, lang: Lang): Resolution {
  const missing = conflict.differences.filter((d) => choices[d.field] !== "sheet" && choices[d.field] !== "region");
  if (missing.length > 0) {
    throw new Error(`no choice for ${missing.map((d) => d.field).join(", ")}`);
  }
  const fields: Record<string, unknown> = { ...conflict.local.fields };
  const regionFields = (conflict.server?.fields ?? null) as Record<string, unknown> | null;
  const writes: CellWrite[] = [];
  const notWritten: Resolution["notWritten"] = [];
  for (const d of conflict.differences) {
    if (choices[d.field] !== "region") continue;
    const value = regionFields ? (regionFields[d.field] ?? null) : null;
    fields[d.field] = value;
    const column =
      conflict.kind === "indicatorValue" && d.field === "value" && conflict.at?.column !== undefined
        ? conflict.at.column
        : layout.columns[d.field as FieldName];
    if (column === undefined || !conflict.at) {
      notWritten.push({ field: d.field, message: syncBothWith("conflict.noColumn", (l) => ({ field: fieldLabel(d.field)[l] })) });
      continue;
    }
    const current = layout.cell(conflict.at.row, column);
    const percent =
      conflict.kind === "indicatorValue" ? layout.isPercentage(conflict.local.key.indicatorCode) && isPercentFormat(current?.numberFormat) : false;
    writes.push({ row: conflict.at.row, column, field: d.field, ...cellFor(d.field, value, current, lang, layout.fractionProgress, percent) });
  }
  const baseVersion = conflict.server?.version ?? null;
  const push =
    conflict.kind === "followUp"
      ? { key: conflict.local.key, fields: fields as FollowUpFields, baseVersion }
      : { key: conflict.local.key, fields: fields as IndicatorValueFields, baseVersion };
  return { kind: conflict.kind, key: conflict.key, push, writes, notWritten };
}

/** The push of several resolutions (one request; the outbox splits it if large). */
export function resolutionRequest(resolutions: readonly Resolution[]): PushRequest {
  const followUps = resolutions.filter((r) => r.kind === "followUp").map((r) => r.push as PushFollowUp);
  const indicatorValues = resolutions.filter((r) => r.kind === "indicatorValue").map((r) => r.push as PushIndicatorValue);
  return { ...(followUps.length > 0 ? { followUps } : {}), ...(indicatorValues.length > 0 ? { indicatorValues } : {}) };
}

/** Text that Excel would take for a number, a date or a formula: such cells are formatted as text first. */
function text(value: string, current: { numberFormat: string } | undefined): Pick<CellWrite, "value" | "numberFormat"> {
  return value !== "" && current?.numberFormat !== "@" ? { value, numberFormat: "@" } : { value };
}

/** A date where the sheet keeps dates: a serial in date cells, day-first text in text cells. */
function dateCell(iso: string, current: { value: CellValue; numberFormat: string } | undefined): Pick<CellWrite, "value" | "numberFormat"> {
  const serial = isoToExcelSerial(iso);
  if (serial === undefined || current?.numberFormat === "@" || (typeof current?.value === "string" && current.value !== "")) {
    return text(dayFirst(iso), current);
  }
  return isDateFormat(current?.numberFormat) ? { value: serial } : { value: serial, numberFormat: "dd/mm/yyyy" };
}

/**
 * The cell value that the pipeline reads back as `value` for this field (tested by re-checking the sheet):
 * status in words, progress as the column writes it, deadlines and dates as dates or text, text as text.
 */
export function cellFor(
  field: string,
  value: unknown,
  current: { value: CellValue; numberFormat: string } | undefined,
  lang: Lang,
  fractionProgress = false,
  percent = false,
): Pick<CellWrite, "value" | "numberFormat"> {
  if (value === null || value === undefined) return { value: "" };
  switch (field) {
    case "status":
      return text(statusLabel(value as Status, lang), current);
    case "progress": {
      const n = value as number;
      return isPercentFormat(current?.numberFormat) || fractionProgress ? { value: Number((n / 100).toPrecision(15)) } : { value: n };
    }
    case "due": {
      const d = value as Deadline;
      if (d.type === "date" && !d.text) return dateCell(d.date, current);
      return text(deadlineText(d, lang), current);
    }
    case "updatedOn":
      return dateCell(value as string, current);
    case "value":
    case "target": {
      const n = value as number;
      return { value: percent ? Number((n / 100).toPrecision(15)) : n };
    }
    default:
      return typeof value === "string" ? text(value, current) : { value: value as CellValue };
  }
}
