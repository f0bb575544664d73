import type { Indicator } from "../model/indicator";
import type { ReferenceData } from "../model/reference";
import { isBlank, isMissingMarker } from "../normalise/empty";
import { createActorIndex, createIndicatorIndex, createRecommendationIndex } from "../normalise/lookup";
import { inferNotation } from "../normalise/number";
import type { Notation } from "../normalise/number";
import { isFractionColumn } from "../normalise/percent";
import { cellText } from "../normalise/text";
import { createCellReaders } from "./cell-readers";
import type { CellReaders, Indexes } from "./cell-readers";
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

/** Fields written as numbers, whose columns get one notation (English or French) decided for all their cells. */
const NUMERIC_FIELDS: ReadonlySet<FieldName> = new Set(["progress", "value", "target"]);

/** Indicator names matched below this confidence are not trusted: the cell is reported as unknown. */
const INDICATOR_MATCH_THRESHOLD = 0.75;


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
    /** The first column mapped to a field (period columns aside), decided once per sheet. */
    private readonly firstFieldColumn: number | undefined,
  ) {}

  value(column: number): CellValue {
    return this.values[column - this.firstColumn] ?? "";
  }

  format(column: number): string {
    return this.formats?.[column - this.firstColumn] ?? "General";
  }

  at(column: number): Cell {
    return { value: this.value(column), format: this.format(column), row: this.row, column };
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
    return { row: this.row, column: this.firstFieldColumn ?? this.firstColumn };
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
  headerFolded: readonly string[],
  readers: CellReaders,
  mappedColumns: ReadonlySet<number>,
  firstColumn: number,
  isKey: (cell: CellValue) => boolean,
): SkippedRow["reason"] | undefined {
  // One pass that builds nothing: this runs on every row. Holes are skipped, as every and filter skip them.
  let filled = 0;
  let inTable = 0;
  let first: CellValue = "";
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as CellValue;
    if (!(i in values) || isBlank(v)) continue;
    if (filled++ === 0) first = v;
    if (mappedColumns.has(firstColumn + i)) inTable++;
  }
  if (filled === 0) return "blank";
  if (headerFolded.length > 0 && headerFolded.every((h, i) => readers.fold(values[i] ?? "") === h)) return "repeated-header";
  // "Average clearance time" is an indicator, not a summary row: only a cell that is no key can open a total.
  if (typeof first === "string" && TOTAL_WORDS.test(readers.fold(first)) && !isKey(first)) return "total";
  if (inTable === 0) return "note";
  if (filled === 1 && typeof first === "string" && !isKey(first)) {
    const words = first.trim().split(/\s+/).length;
    return words <= 4 && !/[.!?]$/.test(first.trim()) ? "section-heading" : "note";
  }
  return undefined;
}

function columnCells(values: readonly (readonly CellValue[])[], from: number, index: number): CellValue[] {
  const cells: CellValue[] = [];
  for (let r = from; r < values.length; r++) cells.push(values[r]?.[index] ?? "");
  return cells;
}

function columnTexts(values: readonly (readonly CellValue[])[], from: number, index: number): string[] {
  const texts: string[] = [];
  for (let r = from; r < values.length; r++) {
    const cell = values[r]?.[index];
    if (typeof cell === "string") texts.push(cell);
  }
  return texts;
}

function columnFormats(formats: readonly (readonly string[])[] | undefined, from: number, index: number): string[] {
  const out: string[] = [];
  if (!formats) return out;
  for (let r = from; r < formats.length; r++) out.push(formats[r]?.[index] ?? "General");
  return out;
}

/** Range checks that follow from the indicator's value type. */
const NEVER_NEGATIVE: ReadonlySet<string> = new Set(["count", "amount", "duration"]);
const WHOLE: ReadonlySet<string> = new Set(["count", "integer"]);

function checkIndicatorNumber(reader: RowReader, indicator: Indicator, value: number, column: number, field: FieldName) {
  const type = indicator.valueType;
  const code =
    type === "percentage" && (value < 0 || value > 100)
      ? "percentage-out-of-range"
      : NEVER_NEGATIVE.has(type) && value < 0
        ? "negative-value"
        : WHOLE.has(type) && !Number.isInteger(value)
          ? "not-an-integer"
          : undefined;
  if (code) {
    const cell = reader.at(column);
    reader.issue(code, cell, field, { value: cellText(cell.value) }, cell.value);
  }
}

/**
 * Turn one sheet (a grid of cell values, as Excel's Range.values and Range.numberFormat give it, or as an
 * .xlsx reader gives it) into validated records, issues at their cells, and the rows that are not data.
 * Never throws on the content of a sheet.
 */
export function parseSheet(input: SheetInput, ref: ReferenceData, options: PipelineOptions = {}): SheetResult {
  const indexes = indexesFor(ref);
  const readers = createCellReaders(indexes);
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
  const headerFolded = (values[header.index] ?? []).map((v) => readers.fold(v));

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
  // Only text shows a notation ("1 234,5"): a column's numbers need not be copied out to decide it.
  const notationOf = (index: number) => inferNotation(columnTexts(values, dataFrom, index));

  // Per-column decisions, made once: the number notation, and whether a progress column holds fractions.
  const notations = new Map<number, Notation | undefined>();
  for (const m of header.mapping) {
    if (m.field && NUMERIC_FIELDS.has(m.field)) notations.set(m.column, notationOf(m.column - firstColumn));
  }
  const progressIndex = columnIndex("progress");
  const fractionColumn =
    byField.has("progress") &&
    isFractionColumn(columnCells(values, dataFrom, progressIndex), columnFormats(formats, dataFrom, progressIndex));

  const isKey = (cell: CellValue): boolean =>
    header.kind === "follow-up"
      ? !!readers.recommendation(meetingId ?? "", cell)
      : !!readers.indicator(cell) || !!readers.actor(cell);

  const claims = new KeyClaims();
  const wide = wideColumns(header.mapping, year);
  const wideOut: WideOutput = {
    values: new Array<IndicatorValueRecord>(header.layout === "wide" ? filledCells(values, dataFrom, wide, firstColumn) : 0),
    count: 0,
    targets: result.targets,
  };
  const firstFieldColumn = [...byField.values()].sort((a, b) => a.column - b.column)[0]?.column;

  /** The administration of a row: its own column, or the sheet's. */
  const rowActor = (reader: RowReader): string | undefined => {
    if (sheetActor) return sheetActor;
    const cell = reader.get("administration");
    if (!cell) return undefined;
    if (isBlank(cell.value)) return void reader.missing("administration", cell);
    const actor = readers.actor(cell.value);
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
    const match = readers.indicator(given.cell.value);
    if (!match || match.confidence < INDICATOR_MATCH_THRESHOLD) {
      return void reader.issue("unknown-indicator", given.cell, given.field, { value: cellText(given.cell.value) }, given.cell.value);
    }
    return match.indicator;
  };

  for (let index = dataFrom; index < values.length; index++) {
    const rowValues = values[index] ?? [];
    const row = sheetRow(index);
    const reason = skipReason(rowValues, headerFolded, readers, mappedColumns, firstColumn, isKey);
    if (reason) {
      result.skipped.push({ row, reason, message: SKIP_MESSAGES[reason] });
      continue;
    }
    const reader = new RowReader(rowValues, formats?.[index], row, firstColumn, byField, firstFieldColumn);
    if (header.kind === "follow-up") {
      const record = readFollowUp(reader, readers, indexes, meetingId ?? "", rowActor, fractionColumn, notations, claims);
      if (record && !reader.hasErrors()) result.followUps.push(record);
    } else if (header.layout === "long") {
      const record = readLongValue(reader, readers, rowActor, rowIndicator, notations, claims);
      if (record && !reader.hasErrors()) result.indicatorValues.push(record);
    } else {
      // Straight into the output (a wide sheet gives a dozen records a row), taken back if the row has an error.
      const count = wideOut.count;
      const targets = wideOut.targets.length;
      readWideRow(reader, readers, wide, rowActor, rowIndicator, notations, claims, wideOut);
      if (reader.hasErrors()) {
        wideOut.count = count;
        wideOut.targets.length = targets;
      }
    }
    result.issues.push(...reader.issues);
  }
  if (header.layout === "wide") {
    wideOut.values.length = wideOut.count;
    result.indicatorValues = wideOut.values;
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

/** The rows that hold the keys of one prefix, by the number of the key's last part. */
type KeyTable = number[];

/**
 * The rows that hold each natural key, in nested maps rather than joined strings: a 50,000-row sheet would
 * otherwise build, hash and keep 50,000 concatenated keys. A key is claimed as a prefix and a last part with
 * few values (an administration, a wide sheet's period column): the last part is numbered once, and the rows of
 * a prefix sit in an array indexed by that number, which stays as small as those few values (a map per wide row
 * was most of the memory the check kept). A wide row looks its prefix's table up once for all its periods.
 */
class KeyClaims {
  private readonly root = new Map<string, unknown>();
  private readonly lastParts = new Map<string, number>();

  /** The table of the keys that start with `prefix`. */
  table(prefix: readonly string[]): KeyTable {
    let level = this.root;
    for (let i = 0; i < prefix.length - 1; i++) {
      const part = prefix[i] ?? "";
      let next = level.get(part) as Map<string, unknown> | undefined;
      if (!next) level.set(part, (next = new Map()));
      level = next;
    }
    const part = prefix[prefix.length - 1] ?? "";
    let table = level.get(part) as KeyTable | undefined;
    // As long as the last parts seen so far: an empty array would take room for 17 at its first claim.
    if (!table) level.set(part, (table = new Array<number>(Math.max(1, this.lastParts.size))));
    return table;
  }

  /** The earlier row that holds the key, or undefined after claiming it for this row. */
  claim(row: number, prefix: readonly string[], last: string, table?: KeyTable): number | undefined {
    let n = this.lastParts.get(last);
    if (n === undefined) this.lastParts.set(last, (n = this.lastParts.size));
    const rows = table ?? this.table(prefix);
    const first = rows[n];
    if (first === undefined) rows[n] = row;
    return first;
  }
}

/** A key an earlier row already holds: this row gives nothing for it. */
function duplicateKey(reader: RowReader, first: number, key: readonly string[]): void {
  reader.issue("duplicate-key", reader.firstCell(), null, { first, key: key.join(" / ") });
}

function readFollowUp(
  reader: RowReader,
  readers: CellReaders,
  indexes: Indexes,
  meetingId: string,
  rowActor: (reader: RowReader) => string | undefined,
  fractionColumn: boolean,
  notations: ReadonlyMap<number, Notation | undefined>,
  claims: KeyClaims,
): FollowUpRecord | undefined {
  const actorId = rowActor(reader);

  const recCell = reader.get("recommendation");
  let recommendationId: string | undefined;
  if (recCell && isBlank(recCell.value)) reader.missing("recommendation", recCell);
  else if (recCell) {
    const rec = readers.recommendation(meetingId, recCell.value);
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
    const parsed = readers.status(statusCell.value);
    if (parsed.ok) status = parsed.value;
    else reader.issue("unknown-status", statusCell, "status", { value: cellText(statusCell.value) }, statusCell.value);
  }

  let progress: number | null = null;
  const progressCell = reader.get("progress");
  if (progressCell && !isBlank(progressCell.value) && !isMissingMarker(progressCell.value)) {
    const parsed = readers.progress(progressCell.value, progressCell.format, fractionColumn, notations.get(progressCell.column));
    if (!parsed.ok) reader.issue("invalid-number", progressCell, "progress", { value: cellText(progressCell.value) }, progressCell.value);
    else if (parsed.value < 0 || parsed.value > 100) {
      reader.issue("progress-out-of-range", progressCell, "progress", { value: cellText(progressCell.value) }, progressCell.value);
    } else progress = parsed.value;
  }

  let due: FollowUpRecord["due"] = null;
  const dueCell = reader.get("due");
  if (dueCell && !isBlank(dueCell.value)) {
    const parsed = readers.deadline(dueCell.value, dueCell.format);
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
    const parsed = readers.date(updatedCell.value, updatedCell.format);
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
  const first = claims.claim(reader.row, [recommendationId], actorId);
  if (first !== undefined) return void duplicateKey(reader, first, [recommendationId, actorId]);
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

/**
 * A value or target cell of an indicator: a number, null when declared missing, undefined when unusable.
 * Takes the column rather than a Cell: a wide sheet reads a dozen of these a row, and only an issue needs one.
 */
function readIndicatorNumber(
  reader: RowReader,
  readers: CellReaders,
  indicator: Indicator,
  column: number,
  field: FieldName,
  notations: ReadonlyMap<number, Notation | undefined>,
): number | null | undefined {
  const value = reader.value(column);
  if (isMissingMarker(value)) {
    if (field === "value") reader.issue("declared-missing", reader.at(column), field, { value: cellText(value) }, value);
    return null;
  }
  const parsed = readers.indicatorNumber(indicator, value, reader.format(column), notations.get(column));
  if (!parsed.ok) {
    reader.issue("invalid-number", reader.at(column), field, { value: cellText(value) }, value);
    return undefined;
  }
  checkIndicatorNumber(reader, indicator, parsed.value, column, field);
  return parsed.value;
}

function readPeriod(reader: RowReader, readers: CellReaders, cell: Cell | undefined, year: number | undefined): string | undefined {
  if (!cell) return undefined;
  if (isBlank(cell.value)) return void reader.missing("period", cell);
  const parsed = readers.period(cell.value, cell.format, year);
  if (parsed.ok) return parsed.value;
  return void reader.issue("invalid-period", cell, "period", { value: cellText(cell.value) }, cell.value);
}

function readLongValue(
  reader: RowReader,
  readers: CellReaders,
  rowActor: (reader: RowReader) => string | undefined,
  rowIndicator: (reader: RowReader) => Indicator | undefined,
  notations: ReadonlyMap<number, Notation | undefined>,
  claims: KeyClaims,
): IndicatorValueRecord | undefined {
  const actorId = rowActor(reader);
  const indicator = rowIndicator(reader);
  const period = readPeriod(reader, readers, reader.get("period"), undefined);

  let value: number | null | undefined;
  const valueCell = reader.get("value");
  if (valueCell && isBlank(valueCell.value)) reader.missing("value", valueCell);
  else if (valueCell && indicator) value = readIndicatorNumber(reader, readers, indicator, valueCell.column, "value", notations);

  let target: number | null | undefined = null;
  const targetCell = reader.get("target");
  if (targetCell && indicator && !isBlank(targetCell.value)) {
    target = readIndicatorNumber(reader, readers, indicator, targetCell.column, "target", notations);
  }

  if (!actorId || !indicator || !period || value === undefined || target === undefined) return undefined;
  // Claimed by administration, which has few values, rather than by period: a long sheet may hold hundreds.
  const first = claims.claim(reader.row, [indicator.code, period], actorId);
  if (first !== undefined) return void duplicateKey(reader, first, [actorId, indicator.code, period]);
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

/**
 * Where a wide sheet's records go. Its values are written into an array sized once for its filled period
 * cells, then cut to the `count` it holds: pushed one by one, the 600,000 values of a 50,000-row sheet had
 * their array copied again and again into fresh memory.
 */
interface WideOutput {
  values: IndicatorValueRecord[];
  count: number;
  targets: TargetRecord[];
}

/** How many of a wide sheet's period cells hold something: the most values it can give. */
function filledCells(values: readonly (readonly CellValue[])[], from: number, columns: WideColumns, firstColumn: number): number {
  let filled = 0;
  for (let r = from; r < values.length; r++) {
    const row = values[r] ?? [];
    for (const { column } of columns.periods) if (!isBlank(row[column - firstColumn] ?? "")) filled++;
  }
  return filled;
}

/** A wide sheet's period columns, and the year its target column is for: decided once per sheet. */
interface WideColumns {
  periods: { column: number; period: string }[];
  targetYear: string | undefined;
}

function wideColumns(mapping: readonly ColumnMapping[], year: number | undefined): WideColumns {
  const periods = mapping.flatMap((m) => (m.period ? [{ column: m.column, period: m.period }] : []));
  // A target column without a period of its own is the target of the year the period columns belong to.
  const years = new Set(periods.map((p) => p.period.slice(0, 4)));
  const targetYear = years.size === 1 ? [...years][0] : year ? String(year) : undefined;
  return { periods, targetYear };
}

/** One wide row: a value per period column, and the row's target, added to `out`. */
function readWideRow(
  reader: RowReader,
  readers: CellReaders,
  columns: WideColumns,
  rowActor: (reader: RowReader) => string | undefined,
  rowIndicator: (reader: RowReader) => Indicator | undefined,
  notations: ReadonlyMap<number, Notation | undefined>,
  claims: KeyClaims,
  out: WideOutput,
): void {
  const actorId = rowActor(reader);
  const indicator = rowIndicator(reader);
  if (!actorId || !indicator) return;

  // What every value of the row shares, read once for the row.
  const comment = reader.text("comment");
  const prefix = [actorId, indicator.code];
  const periods = claims.table(prefix);
  let values = 0;
  for (const { column, period } of columns.periods) {
    if (isBlank(reader.value(column))) continue;
    const value = readIndicatorNumber(reader, readers, indicator, column, "value", notations);
    if (value === undefined) continue;
    const first = claims.claim(reader.row, prefix, period, periods);
    if (first !== undefined) {
      duplicateKey(reader, first, [...prefix, period]);
      continue;
    }
    values++;
    out.values[out.count++] = {
      indicatorCode: indicator.code,
      actorId,
      period,
      value,
      target: null,
      source: null,
      comment,
      at: { row: reader.row, column },
    };
  }

  const targetCell = reader.get("target");
  const targetYear = columns.targetYear;
  if (targetCell && targetYear && !isBlank(targetCell.value)) {
    const value = readIndicatorNumber(reader, readers, indicator, targetCell.column, "target", notations);
    if (typeof value === "number") {
      out.targets.push({ indicatorCode: indicator.code, actorId, period: targetYear, value, at: { row: reader.row, column: targetCell.column } });
    }
  }
  if (values === 0 && !reader.hasErrors()) reader.issue("no-values", reader.firstCell(), null);
}
