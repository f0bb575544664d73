import type { FollowUp } from "../model/follow-up";
import type { IndicatorValue } from "../model/indicator-value";

/**
 * One cell as Excel's Range.values gives it: text, a number (dates are serial numbers), a boolean, or ""
 * for an empty cell. An .xlsx reader's cells are converted to the same shape (see cli/xlsx-grid).
 * null is accepted too, as an empty cell.
 */
export type CellValue = string | number | boolean | null;

/**
 * A rectangular block of a sheet, as read from its used range. `origin` is the 0-based row and column of the
 * top-left cell on the sheet, so that issues name the right A1 cell even when the used range starts at C5.
 */
export interface Grid {
  values: CellValue[][];
  /** Range.numberFormat: "0%", "dd/mm/yyyy", "General"… Same shape as values; missing means General. */
  numberFormats?: string[][];
  origin?: { row: number; column: number };
}

export interface SheetInput extends Grid {
  /** The worksheet's name. */
  name: string;
}

export type Severity = "error" | "warning" | "info";

export const SHEET_KINDS = ["follow-up", "indicator-values", "unknown"] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];
/** long: one row per value; wide: periods as columns. */
export type Layout = "long" | "wide";

export interface Message {
  fr: string;
  en: string;
}

/** A problem found in a sheet, at one cell. */
export interface Issue {
  /** Stable, machine-readable: "unknown-administration", "progress-out-of-range"… */
  code: string;
  severity: Severity;
  /** A1 reference on the sheet ("E12"). */
  cell: string;
  /** 1-based sheet row and column. */
  row: number;
  column: number;
  /** The record field concerned, or null for sheet-level issues. */
  field: string | null;
  message: Message;
  /** The raw cell value, for display. */
  value?: CellValue;
}

/** A row that is not data, and why. */
export interface SkippedRow {
  row: number;
  reason: "blank" | "section-heading" | "note" | "total" | "repeated-header";
  message: Message;
}

/** Fields that a column can carry. A column maps to at most one field. */
export type FieldName =
  // follow-up sheets
  | "recommendation"
  | "recommendationText"
  | "addressee"
  | "status"
  | "progress"
  | "actions"
  | "due"
  | "evidence"
  | "comment"
  | "updatedOn"
  // indicator sheets
  | "indicatorCode"
  | "indicatorName"
  | "unit"
  | "period"
  | "value"
  | "target"
  | "source"
  // both
  | "administration";

export interface ColumnMapping {
  /** 1-based sheet column and its letter. */
  column: number;
  letter: string;
  header: string;
  /** The field the column carries, or null when unmapped (kept out of the records). */
  field: FieldName | null;
  /** For wide layouts: the period this column holds the values of. */
  period?: string;
  /** 0–1: 1 for an exact synonym, lower for fuzzy matches; 1 for a mapping the user confirmed. */
  confidence: number;
}

/** A mapping the user confirmed or corrected, remembered per sheet (header text → field or period). */
export interface MappingOverride {
  header: string;
  field: FieldName | null;
  period?: string;
}

export interface RecordSource {
  /** 1-based sheet row the record came from. */
  row: number;
  /** For wide layouts: the column of the value. */
  column?: number;
}

/** `at` says where on the sheet a record came from (an indicator value's `source` is its data source). */
export type FollowUpRecord = FollowUp & { at: RecordSource };
export type IndicatorValueRecord = IndicatorValue & { at: RecordSource };
export type SheetRecord = FollowUpRecord | IndicatorValueRecord;

/** A target a sheet gives for a period with no value of its own (a wide sheet's "Annual target" column). */
export interface TargetRecord {
  indicatorCode: string;
  actorId: string;
  period: string;
  value: number;
  at: RecordSource;
}

export interface SheetResult {
  name: string;
  kind: SheetKind;
  layout: Layout | null;
  /** 1-based sheet row of the header, or null when none was found. */
  headerRow: number | null;
  mapping: ColumnMapping[];
  /** The meeting (follow-up sheets) or year, and administration, found in the title block or given. */
  context: { meetingId?: string; actorId?: string; year?: number };
  followUps: FollowUpRecord[];
  indicatorValues: IndicatorValueRecord[];
  targets: TargetRecord[];
  issues: Issue[];
  skipped: SkippedRow[];
}

export interface PipelineOptions {
  /** The administration the sheet belongs to, when it has no administration column. */
  actorId?: string;
  /** The meeting whose recommendations a follow-up sheet tracks. */
  meetingId?: string;
  /** Mappings the user confirmed for this sheet. */
  overrides?: MappingOverride[];
  /** Other text that may name the administration or year (the file name). */
  hints?: string[];
}
