import type { Indicator } from "../model/indicator";
import type { ReferenceData } from "../model/reference";
import { isBlank, isMissingMarker } from "../normalise/empty";
import { createActorIndex, createIndicatorIndex, createRecommendationIndex } from "../normalise/lookup";
import type { ActorIndex, IndicatorIndex, RecommendationIndex } from "../normalise/lookup";
import { inferNotation, parseNumber } from "../normalise/number";
import type { Notation } from "../normalise/number";
import { isFractionColumn, parsePercentage, parseProgress } from "../normalise/percent";
import { parseDate } from "../normalise/date";
import { parseDeadline } from "../normalise/deadline";
import { parsePeriod } from "../normalise/period";
import { parseStatus } from "../normalise/status";
import { cellText, fold } from "../normalise/text";
import { FIELDS } from "./fields";
import { findHeaderRow } from "./headers";
import { makeIssue, SKIP_MESSAGES } from "./issue-catalogue";
import type { IssueCode } from "./issue-catalogue";
import { findActorInTexts, findMeetingInTexts, findYearInTexts, titleTexts } from "./sheet-context";
import type {
  CellValue,
  ColumnMapping,
  FieldName,
  FollowUpRecord,
  IndicatorValueRecord,
  Issue,
  PipelineOptions,
  SheetInput,
  SheetResult,
  SkippedRow,
  TargetRecord,
} from "./types";

/** Indicator names matched below this confidence are not trusted: the cell is reported as unknown. */
const INDICATOR_MATCH_THRESHOLD = 0.75;

interface Indexes {
  actors: ActorIndex;
  indicators: IndicatorIndex;
  recommendations: RecommendationIndex;
  /** The highest recommendation number of each meeting, for messages ("use a number from 1 to 22"). */
  highestNumber: ReadonlyMap<string, number>;
}

// Building the indexes costs more than checking a small sheet: build them once per reference data.
const indexCache = new WeakMap<ReferenceData, Indexes>();
function indexesFor(ref: ReferenceData): Indexes {
  let indexes = indexCache.get(ref);
  if (!indexes) {
    indexes = {
      actors: createActorIndex(ref.actors),
      indicators: createIndicatorIndex(ref.indicators),
      recommendations: createRecommendationIndex(ref.recommendations),
      highestNumber: highestNumbers(ref),
    };
    indexCache.set(ref, indexes);
  }
  return indexes;
}

function highestNumbers(ref: ReferenceData): Map<string, number> {
  const highest = new Map<string, number>();
  for (const r of ref.recommendations) {
    const n = Number(r.number);
    if (Number.isInteger(n)) highest.set(r.meetingId, Math.max(highest.get(r.meetingId) ?? 0, n));
  }
  return highest;
}

/** One cell of a data row, with where it sits on the sheet. */
interface Cell {
  value: CellValue;
  format: string;
  row: number;
  column: number;
}

/** Reads one data row by field, and collects the row's issues. */
class RowReader {
  readonly issues: Issue[] = [];
  constructor(
    private readonly values: readonly CellValue[],
    private readonly formats: readonly string[] | undefined,
    readonly row: number,
    private readonly firstColumn: number,
    private readonly byField: ReadonlyMap<FieldName, ColumnMapping>,
  ) {}

  at(column: number): Cell {
    const i = column - this.firstColumn;
    return { value: this.values[i] ?? "", format: this.formats?.[i] ?? "General", row: this.row, column };
  }

  get(field: FieldName): Cell | undefined {
    const m = this.byField.get(field);
    return m ? this.at(m.column) : undefined;
  }

  issue(code: IssueCode, cell: { row: number; column: number }, field: FieldName | null, params = {}, value?: CellValue) {
    this.issues.push(makeIssue(code, cell, field, params, value));
  }

  /** The row's first column, for issues about the row as a whole. */
  firstCell(): { row: number; column: number } {
    const first = [...this.byField.values()].sort((a, b) => a.column - b.column)[0];
    return { row: this.row, column: first?.column ?? this.firstColumn };
  }

  hasErrors(): boolean {
    return this.issues.some((i) => i.severity === "error");
  }

  /** Free text as the user wrote it; a leading "=" or "+" stays text, it is never evaluated. */
  text(field: FieldName): string | null {
    const cell = this.get(field);
    if (!cell || isBlank(cell.value)) return null;
    return typeof cell.value === "string" ? cell.value.trim() : cellText(cell.value);
  }

  missing(field: FieldName, cell: Cell) {
    this.issue("missing-value", cell, field, { field: FIELDS[field].label });
  }
}

function blankRow(values: readonly CellValue[]): boolean {
  return values.every(isBlank);
}

const TOTAL_WORDS = /^(total|totaux|sous total|total general|moyenne|ensemble|synthese|sum|subtotal|grand total|average|overall|media|soma)\b/;

/** Why a row below the header is not data, or undefined when it is data. */
function skipReason(
  values: readonly CellValue[],
  headerFolded: string,
  mappedColumns: ReadonlySet<number>,
  firstColumn: number,
  isKey: (cell: CellValue) => boolean,
): SkippedRow["reason"] | undefined {
  if (blankRow(values)) return "blank";
  const filled = values.map((v, i) => ({ v, column: firstColumn + i })).filter((c) => !isBlank(c.v));
  if (values.map((v) => fold(cellText(v))).join("|") === headerFolded) return "repeated-header";
  const first = filled[0];
  // "Average clearance time" is an indicator, not a summary row: only a cell that is no key can open a total.
  if (first && typeof first.v === "string" && TOTAL_WORDS.test(fold(first.v)) && !isKey(first.v)) return "total";
  const inTable = filled.filter((c) => mappedColumns.has(c.column));
  const only = filled.length === 1 ? filled[0] : undefined;
  if (inTable.length === 0) return "note";
  if (only && typeof only.v === "string" && !isKey(only.v)) {
    const words = only.v.trim().split(/\s+/).length;
    return words <= 4 && !/[.!?]$/.test(only.v.trim()) ? "section-heading" : "note";
  }
  return undefined;
}

function columnCells(values: readonly (readonly CellValue[])[], from: number, index: number): CellValue[] {
  const cells: CellValue[] = [];
  for (let r = from; r < values.length; r++) cells.push(values[r]?.[index] ?? "");
  return cells;
}

function columnFormats(formats: readonly (readonly string[])[] | undefined, from: number, index: number): string[] {
  const out: string[] = [];
  if (!formats) return out;
  for (let r = from; r < formats.length; r++) out.push(formats[r]?.[index] ?? "General");
  return out;
}

/** Parse a number for an indicator, as its value type reads: percentages accept "62%" and 0.62 with a % format. */
function parseIndicatorNumber(indicator: Indicator, cell: Cell, notation: Notation | undefined) {
  return indicator.valueType === "percentage"
    ? parsePercentage(cell.value, cell.format, { notation })
    : parseNumber(cell.value, { notation });
}

/** Range checks that follow from the indicator's value type. */
function checkIndicatorNumber(reader: RowReader, indicator: Indicator, value: number, cell: Cell, field: FieldName) {
  const shown = cellText(cell.value);
  if (indicator.valueType === "percentage" && (value < 0 || value > 100)) {
    reader.issue("percentage-out-of-range", cell, field, { value: shown }, cell.value);
  } else if (["count", "amount", "duration"].includes(indicator.valueType) && value < 0) {
    reader.issue("negative-value", cell, field, { value: shown }, cell.value);
  } else if (["count", "integer"].includes(indicator.valueType) && !Number.isInteger(value)) {
    reader.issue("not-an-integer", cell, field, { value: shown }, cell.value);
  }
}

/**
 * Turn one sheet (a grid of cell values, as Excel's Range.values and Range.numberFormat give it, or as an
 * .xlsx reader gives it) into validated records, issues at their cells, and the rows that are not data.
 * Never throws on the content of a sheet.
 */
export function parseSheet(input: SheetInput, ref: ReferenceData, options: PipelineOptions = {}): SheetResult {
  const indexes = indexesFor(ref);
  const values = input.values;
  const formats = input.numberFormats;
  const rowOffset = (input.origin?.row ?? 0) + 1;
  const firstColumn = (input.origin?.column ?? 0) + 1;
  const sheetRow = (index: number) => rowOffset + index;

  const result: SheetResult = {
    name: input.name,
    kind: "unknown",
    layout: null,
    headerRow: null,
    mapping: [],
    context: {},
    followUps: [],
    indicatorValues: [],
    targets: [],
    issues: [],
    skipped: [],
  };

  const header = findHeaderRow(values, formats, firstColumn, options.overrides);
  if (!header) {
    if (!values.every(blankRow)) {
      result.issues.push(makeIssue("unknown-sheet-kind", { row: rowOffset, column: firstColumn }, null));
    }
    return result;
  }
  result.kind = header.kind;
  result.layout = header.layout;
  result.headerRow = sheetRow(header.index);
  result.mapping = header.mapping;

  const byField = new Map<FieldName, ColumnMapping>();
  for (const m of header.mapping) if (m.field && !m.period) byField.set(m.field, m);
  const mappedColumns = new Set(header.mapping.filter((m) => m.field).map((m) => m.column));
  const headerFolded = (values[header.index] ?? []).map((v) => fold(cellText(v))).join("|");

  // Who and what the sheet is about, when it has no column for it.
  const texts = titleTexts(values.slice(0, header.index), [input.name, ...(options.hints ?? [])]);
  const sheetActor = byField.has("administration")
    ? undefined
    : (options.actorId ?? findActorInTexts(texts, indexes.actors));
  if (sheetActor) result.context.actorId = sheetActor;
  const year = findYearInTexts(texts);
  if (year) result.context.year = year;
  const meetingId = options.meetingId ?? (header.kind === "follow-up" ? findMeetingInTexts(texts, ref) : undefined);
  if (meetingId) result.context.meetingId = meetingId;

  const sheetCell = { row: result.headerRow, column: firstColumn };
  const missingColumn = requiredColumns(header.kind, header.layout).find((any) => !any.some((f) => byField.has(f)));
  if (missingColumn?.[0]) {
    result.issues.push(makeIssue("missing-column", sheetCell, missingColumn[0], { field: FIELDS[missingColumn[0]].label }));
    return result;
  }
  if (!byField.has("administration") && !sheetActor) {
    result.issues.push(makeIssue("administration-not-found", sheetCell, "administration"));
    return result;
  }
  if (header.kind === "follow-up" && !meetingId) {
    result.issues.push(makeIssue("meeting-not-found", sheetCell, "recommendation"));
    return result;
  }

  const dataFrom = header.index + 1;
  const columnIndex = (field: FieldName) => (byField.get(field)?.column ?? 0) - firstColumn;
  const notationOf = (index: number) => inferNotation(columnCells(values, dataFrom, index));

  // Per-column decisions, made once: the number notation, and whether a progress column holds fractions.
  const notations = new Map<number, Notation | undefined>();
  for (const m of header.mapping) if (m.field) notations.set(m.column, notationOf(m.column - firstColumn));
  const progressIndex = columnIndex("progress");
  const fractionColumn =
    byField.has("progress") &&
    isFractionColumn(columnCells(values, dataFrom, progressIndex), columnFormats(formats, dataFrom, progressIndex));

  const isKey = (cell: CellValue): boolean =>
    header.kind === "follow-up"
      ? !!indexes.recommendations.find(meetingId ?? "", cell)
      : !!indexes.indicators.find(cell) || !!indexes.actors.find(cell);

  const seen = new Map<string, number>();
  const duplicate = (reader: RowReader, key: string, shownKey: string): boolean => {
    const first = seen.get(key);
    if (first !== undefined) {
      reader.issue("duplicate-key", reader.firstCell(), null, { first, key: shownKey });
      return true;
    }
    seen.set(key, reader.row);
    return false;
  };

  /** The administration of a row: its own column, or the sheet's. */
  const rowActor = (reader: RowReader): string | undefined => {
    if (sheetActor) return sheetActor;
    const cell = reader.get("administration");
    if (!cell) return undefined;
    if (isBlank(cell.value)) return void reader.missing("administration", cell);
    const actor = indexes.actors.find(cell.value);
    if (!actor || actor.kind === "group") {
      return void reader.issue("unknown-administration", cell, "administration", { value: cellText(cell.value) }, cell.value);
    }
    return actor.id;
  };

  const rowIndicator = (reader: RowReader): Indicator | undefined => {
    const code = reader.get("indicatorCode");
    const name = reader.get("indicatorName");
    const given = code && !isBlank(code.value) ? { cell: code, field: "indicatorCode" as const } : name && !isBlank(name.value) ? { cell: name, field: "indicatorName" as const } : undefined;
    if (!given) {
      const cell = code ?? name;
      return cell ? void reader.missing(code ? "indicatorCode" : "indicatorName", cell) : undefined;
    }
    const match = indexes.indicators.find(given.cell.value);
    if (!match || match.confidence < INDICATOR_MATCH_THRESHOLD) {
      return void reader.issue("unknown-indicator", given.cell, given.field, { value: cellText(given.cell.value) }, given.cell.value);
    }
    return match.indicator;
  };

  for (let index = dataFrom; index < values.length; index++) {
    const rowValues = values[index] ?? [];
    const row = sheetRow(index);
    const reason = skipReason(rowValues, headerFolded, mappedColumns, firstColumn, isKey);
    if (reason) {
      result.skipped.push({ row, reason, message: SKIP_MESSAGES[reason] });
      continue;
    }
    const reader = new RowReader(rowValues, formats?.[index], row, firstColumn, byField);
    if (header.kind === "follow-up") {
      const record = readFollowUp(reader, indexes, meetingId ?? "", rowActor, fractionColumn, notations, duplicate);
      if (record && !reader.hasErrors()) result.followUps.push(record);
    } else if (header.layout === "long") {
      const record = readLongValue(reader, rowActor, rowIndicator, notations, duplicate);
      if (record && !reader.hasErrors()) result.indicatorValues.push(record);
    } else {
      const wide = readWideRow(reader, header.mapping, rowActor, rowIndicator, notations, duplicate, year);
      if (!reader.hasErrors()) {
        result.indicatorValues.push(...wide.values);
        result.targets.push(...wide.targets);
      }
    }
    result.issues.push(...reader.issues);
  }
  return result;
}

/** The columns a sheet of this kind cannot do without: each entry lists fields of which one is enough. */
function requiredColumns(kind: SheetResult["kind"], layout: SheetResult["layout"]): FieldName[][] {
  if (kind === "follow-up") return [["recommendation"], ["status"]];
  if (kind === "indicator-values" && layout === "long") return [["indicatorCode", "indicatorName"], ["period"], ["value"]];
  if (kind === "indicator-values") return [["indicatorCode", "indicatorName"]];
  return [];
}

type Duplicate = (reader: RowReader, key: string, shownKey: string) => boolean;

function readFollowUp(
  reader: RowReader,
  indexes: Indexes,
  meetingId: string,
  rowActor: (reader: RowReader) => string | undefined,
  fractionColumn: boolean,
  notations: ReadonlyMap<number, Notation | undefined>,
  duplicate: Duplicate,
): FollowUpRecord | undefined {
  const actorId = rowActor(reader);

  const recCell = reader.get("recommendation");
  let recommendationId: string | undefined;
  if (recCell && isBlank(recCell.value)) reader.missing("recommendation", recCell);
  else if (recCell) {
    const rec = indexes.recommendations.find(meetingId, recCell.value);
    if (rec) recommendationId = rec.id;
    else {
      const max = indexes.highestNumber.get(meetingId) ?? "?";
      reader.issue("unknown-recommendation", recCell, "recommendation", { value: cellText(recCell.value), meeting: meetingId, max }, recCell.value);
    }
  }

  const statusCell = reader.get("status");
  let status: FollowUpRecord["status"] | undefined;
  if (!statusCell || isBlank(statusCell.value)) {
    if (statusCell) reader.missing("status", statusCell);
  } else {
    const parsed = parseStatus(statusCell.value);
    if (parsed.ok) status = parsed.value;
    else reader.issue("unknown-status", statusCell, "status", { value: cellText(statusCell.value) }, statusCell.value);
  }

  let progress: number | null = null;
  const progressCell = reader.get("progress");
  if (progressCell && !isBlank(progressCell.value) && !isMissingMarker(progressCell.value)) {
    const parsed = parseProgress(progressCell.value, progressCell.format, {
      fractionColumn,
      notation: notations.get(progressCell.column),
    });
    if (!parsed.ok) reader.issue("invalid-number", progressCell, "progress", { value: cellText(progressCell.value) }, progressCell.value);
    else if (parsed.value < 0 || parsed.value > 100) {
      reader.issue("progress-out-of-range", progressCell, "progress", { value: cellText(progressCell.value) }, progressCell.value);
    } else progress = parsed.value;
  }

  let due: FollowUpRecord["due"] = null;
  const dueCell = reader.get("due");
  if (dueCell && !isBlank(dueCell.value)) {
    const parsed = parseDeadline(dueCell.value, dueCell.format);
    if (parsed.ok) due = parsed.value;
    else if (parsed.reason === "impossible-date" || parsed.reason === "date-out-of-range") {
      reader.issue("invalid-date", dueCell, "due", { value: cellText(dueCell.value) }, dueCell.value);
    } else {
      // Kept as written: an unusual deadline is worth a look, not worth losing.
      reader.issue("unrecognised-deadline", dueCell, "due", { value: cellText(dueCell.value) }, dueCell.value);
      due = { type: "open", text: cellText(dueCell.value) };
    }
  }

  let updatedOn: string | null = null;
  const updatedCell = reader.get("updatedOn");
  if (updatedCell && !isBlank(updatedCell.value)) {
    const parsed = parseDate(updatedCell.value, updatedCell.format);
    if (parsed.ok) updatedOn = parsed.value;
    else reader.issue("invalid-date", updatedCell, "updatedOn", { value: cellText(updatedCell.value) }, updatedCell.value);
  }

  if (status && progress !== null && progressCell) {
    const inconsistent =
      (status === "not-started" && progress > 0) ||
      (status === "implemented" && progress < 100) ||
      (status === "in-progress" && progress === 100) ||
      (status === "not-applicable" && progress > 0);
    if (inconsistent) {
      reader.issue("inconsistent-status-progress", progressCell, "progress", {
        status: statusCell ? cellText(statusCell.value) : status,
        progress,
      });
    }
  }

  if (!actorId || !recommendationId || !status) return undefined;
  if (duplicate(reader, `${recommendationId}|${actorId}`, `${recommendationId} / ${actorId}`)) return undefined;
  return {
    recommendationId,
    actorId,
    status,
    progress,
    actions: reader.text("actions"),
    due,
    evidence: reader.text("evidence"),
    comment: reader.text("comment"),
    updatedOn,
    at: { row: reader.row },
  };
}

/** A value or target cell of an indicator: a number, null when declared missing, undefined when unusable. */
function readIndicatorNumber(
  reader: RowReader,
  indicator: Indicator,
  cell: Cell,
  field: FieldName,
  notations: ReadonlyMap<number, Notation | undefined>,
): number | null | undefined {
  if (isMissingMarker(cell.value)) {
    if (field === "value") reader.issue("declared-missing", cell, field, { value: cellText(cell.value) }, cell.value);
    return null;
  }
  const parsed = parseIndicatorNumber(indicator, cell, notations.get(cell.column));
  if (!parsed.ok) {
    reader.issue("invalid-number", cell, field, { value: cellText(cell.value) }, cell.value);
    return undefined;
  }
  checkIndicatorNumber(reader, indicator, parsed.value, cell, field);
  return parsed.value;
}

function readPeriod(reader: RowReader, cell: Cell | undefined, year: number | undefined): string | undefined {
  if (!cell) return undefined;
  if (isBlank(cell.value)) return void reader.missing("period", cell);
  const parsed = parsePeriod(cell.value, cell.format, { defaultYear: year });
  if (parsed.ok) return parsed.value;
  return void reader.issue("invalid-period", cell, "period", { value: cellText(cell.value) }, cell.value);
}

function readLongValue(
  reader: RowReader,
  rowActor: (reader: RowReader) => string | undefined,
  rowIndicator: (reader: RowReader) => Indicator | undefined,
  notations: ReadonlyMap<number, Notation | undefined>,
  duplicate: Duplicate,
): IndicatorValueRecord | undefined {
  const actorId = rowActor(reader);
  const indicator = rowIndicator(reader);
  const period = readPeriod(reader, reader.get("period"), undefined);

  let value: number | null | undefined;
  const valueCell = reader.get("value");
  if (valueCell && isBlank(valueCell.value)) reader.missing("value", valueCell);
  else if (valueCell && indicator) value = readIndicatorNumber(reader, indicator, valueCell, "value", notations);

  let target: number | null | undefined = null;
  const targetCell = reader.get("target");
  if (targetCell && indicator && !isBlank(targetCell.value)) {
    target = readIndicatorNumber(reader, indicator, targetCell, "target", notations);
  }

  if (!actorId || !indicator || !period || value === undefined || target === undefined) return undefined;
  const key = `${indicator.code}|${actorId}|${period}`;
  if (duplicate(reader, key, `${actorId} / ${indicator.code} / ${period}`)) return undefined;
  return {
    indicatorCode: indicator.code,
    actorId,
    period,
    value,
    target,
    source: reader.text("source"),
    comment: reader.text("comment"),
    at: { row: reader.row },
  };
}

function readWideRow(
  reader: RowReader,
  mapping: readonly ColumnMapping[],
  rowActor: (reader: RowReader) => string | undefined,
  rowIndicator: (reader: RowReader) => Indicator | undefined,
  notations: ReadonlyMap<number, Notation | undefined>,
  duplicate: Duplicate,
  year: number | undefined,
): { values: IndicatorValueRecord[]; targets: TargetRecord[] } {
  const out = { values: [] as IndicatorValueRecord[], targets: [] as TargetRecord[] };
  const actorId = rowActor(reader);
  const indicator = rowIndicator(reader);
  if (!actorId || !indicator) return out;

  const periodColumns = mapping.filter((m) => m.period);
  for (const m of periodColumns) {
    const cell = reader.at(m.column);
    if (isBlank(cell.value) || !m.period) continue;
    const value = readIndicatorNumber(reader, indicator, cell, "value", notations);
    if (value === undefined) continue;
    const key = `${indicator.code}|${actorId}|${m.period}`;
    if (duplicate(reader, key, `${actorId} / ${indicator.code} / ${m.period}`)) continue;
    out.values.push({
      indicatorCode: indicator.code,
      actorId,
      period: m.period,
      value,
      target: null,
      source: null,
      comment: reader.text("comment"),
      at: { row: reader.row, column: m.column },
    });
  }

  // A target column without a period of its own is the target of the year the period columns belong to.
  const targetCell = reader.get("target");
  const years = new Set(periodColumns.map((m) => (m.period ?? "").slice(0, 4)));
  const targetYear = years.size === 1 ? [...years][0] : year ? String(year) : undefined;
  if (targetCell && targetYear && !isBlank(targetCell.value)) {
    const value = readIndicatorNumber(reader, indicator, targetCell, "target", notations);
    if (typeof value === "number") {
      out.targets.push({ indicatorCode: indicator.code, actorId, period: targetYear, value, at: { row: reader.row, column: targetCell.column } });
    }
  }
  if (out.values.length === 0 && !reader.hasErrors()) reader.issue("no-values", reader.firstCell(), null);
  return out;
}
