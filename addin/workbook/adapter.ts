import type { Lang } from "../../shared/model/common";
import type { CellValue, MappingOverride, Message, SheetInput, Severity } from "../../shared/pipeline/types";
import type { DashboardSpec } from "../dashboards/spec";
import type { CellWrite } from "../sync/conflicts";
import type { RegionTable } from "../sync/region-table";

/**
 * What the task pane needs from a workbook. Implemented twice: over Office.js (addin/excel/, inside Excel)
 * and over an in-memory workbook loaded from an .xlsx (addin/browser/, in a plain browser). The pane only
 * ever talks to this interface.
 */
export interface WorkbookAdapter {
  readonly kind: "excel" | "browser";
  /** The worksheet the user is looking at. */
  activeSheet(): Promise<string>;
  /** The visible worksheets, in tab order. */
  listSheets(): Promise<string[]>;
  /** The sheet's used range (values and number formats), with its origin. */
  readSheet(sheet: string, options?: OperationOptions): Promise<SheetInput>;
  /** Whole rows (1-based, inclusive spans) over the given 1-based columns, for re-checking after an edit. */
  readRows(sheet: string, spans: RowSpan[], columns: ColumnSpan, options?: OperationOptions): Promise<RowValues[]>;
  /**
   * Mark cells with a fill and a note. Marks this add-in made earlier on the sheet are removed first (all of
   * them, or only those on `rows` when given), restoring the user's own fill and leaving the user's notes.
   */
  applyMarks(sheet: string, marks: CellMark[], options?: MarkOptions): Promise<MarkReport>;
  /** Remove every mark this add-in made on the sheet. Returns how many cells were restored. */
  clearMarks(sheet: string, options?: OperationOptions): Promise<number>;
  /** Write (or rewrite in place) the issues sheet. Returns its name. */
  writeIssuesSheet(table: IssuesTable, options?: OperationOptions): Promise<string>;
  /** Add a sheet from a template and activate it. Returns the name it got (made unique if taken). */
  createTemplate(template: TemplateSheet, options?: OperationOptions): Promise<string>;
  /** Select one cell ("E12") on the sheet and bring it into view. */
  selectCell(sheet: string, address: string): Promise<void>;
  /** Per-sheet settings, stored in the workbook so that they travel with the file. */
  loadSettings(sheet: string): Promise<SheetSettings>;
  saveSettings(sheet: string, settings: SheetSettings): Promise<void>;
  /** Call `onChange` when the user edits or pastes into the sheet. Resolves to an unsubscribe function. */
  watch(sheet: string, onChange: (change: SheetChange) => void): Promise<() => Promise<void>>;
  /**
   * This workbook's id: a GUID kept in the workbook's settings, made on first use. It names the workbook in
   * the user's store (base versions per workbook and sheet) whatever the file is called or wherever it is.
   */
  workbookId(): Promise<string>;
  /**
   * Write the region's records on a sheet of their own ("Région" / "Region"), or refresh that sheet in
   * place: rows found by their key (first column) are rewritten, new ones added at the bottom; the user's
   * own columns beside the table and other sheets are left alone.
   */
  writeRegionTable(table: RegionTable, options?: OperationOptions): Promise<RegionTableReport>;
  /** Write single cells on a sheet (the region's values chosen in a conflict), formats first where given. */
  writeCells(sheet: string, writes: readonly CellWrite[], options?: OperationOptions): Promise<void>;
  /** Build a dashboard on its own sheet, or rebuild it in place (never a second copy), and show it. */
  writeDashboard(spec: DashboardSpec, lang: Lang, options?: OperationOptions): Promise<DashboardSheetReport>;
}

export interface RegionTableReport {
  sheet: string;
  created: boolean;
  /** Rows rewritten in place, and rows added. */
  updated: number;
  appended: number;
}

export interface DashboardSheetReport {
  sheet: string;
  created: boolean;
  tables: number;
  charts: number;
  /** Charts this host cannot draw (older Excel): the tables are there, the charts are not. */
  chartsSkipped: number;
}

export interface Progress {
  done: number;
  total: number;
}

export interface OperationOptions {
  /** Checked between requests: an aborted operation stops before its next request to the workbook. */
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

export interface MarkOptions extends OperationOptions {
  /** Only replace the marks on these 1-based rows (re-check after an edit); all of the sheet's marks otherwise. */
  rows?: number[];
}

/** 1-based, inclusive. */
export interface RowSpan {
  first: number;
  last: number;
}
export type ColumnSpan = RowSpan;

export interface RowValues {
  /** 1-based sheet row. */
  row: number;
  values: CellValue[];
  numberFormats: string[];
}

/** A cell to mark: 1-based row and column, the worst severity of its issues and the note to show. */
export interface CellMark {
  row: number;
  column: number;
  severity: Severity;
  note: string;
}

export interface MarkReport {
  /** Cells marked now. */
  marked: number;
  /** Earlier marks removed (fill restored). */
  cleared: number;
  /** Cells that kept a note of the user's own, so got a fill but no note. */
  notesSkipped: number;
  /** False when this Excel cannot add notes (fills only). */
  notesSupported: boolean;
}

export interface SheetChange {
  sheet: string;
  /** The rows touched, or null when the whole sheet must be re-read (rows inserted or deleted, unknown). */
  rows: RowSpan[] | null;
  /** Rightmost 1-based column touched, when known. */
  lastColumn?: number;
}

/** Remembered per sheet in the workbook. */
export interface SheetSettings {
  /** Column mappings the user corrected. */
  overrides?: MappingOverride[];
  /** The meeting and administration the sheet is about, when the user chose them or a template set them. */
  meetingId?: string;
  actorId?: string;
  /** Set on sheets this add-in created from a template. */
  template?: "follow-up" | "indicator-values";
}

/** The "Anomalies" / "Issues" sheet: a header and rows, each linking back to its cell. */
export interface IssuesTable {
  name: string;
  /** The sheet the issues are about. */
  source: string;
  title: string;
  headers: string[];
  rows: CellValue[][];
  /** Per row, the A1 cell on `source` to link to ("" for none). */
  links: string[];
  /** Index of the column that holds the link text. */
  linkColumn: number;
  widths: number[];
}

/** A data-validation rule; `message` is the alert shown when the user types something else. */
export type Validation =
  | {
      type: "list";
      values: string[];
      /** Where the list is kept when too long to inline (Excel allows 255 characters): a column of the lists sheet. */
      source?: { sheet: string; column: string };
      message: string;
    }
  | { type: "decimal" | "whole"; min?: number; max?: number; message: string }
  | { type: "date"; message: string };

export interface TemplateColumn {
  header: string;
  /** Excel number format for the data cells ("@" for text). */
  numberFormat: string;
  /** Column width in characters. */
  width: number;
  validation?: Validation;
  wrap?: boolean;
}

/** A new sheet that is valid by construction. Built by addin/workbook/template (plain data). */
export interface TemplateSheet {
  name: string;
  /** Lines above the header (title block). */
  title: string[];
  columns: TemplateColumn[];
  rows: CellValue[][];
  /** How many rows below the pre-filled ones carry the validation and formats, for rows the user adds. */
  spareRows: number;
  /** Remembered on the new sheet, so that checks use the template's meeting and administration. */
  settings: SheetSettings;
  /** Per pre-filled row: number formats that differ from the column's (column index → format). */
  cellFormats?: Record<number, string>[];
  /** Per pre-filled row: validations that differ from the column's. */
  cellValidations?: Record<number, Validation>[];
  /** The hidden sheet that holds long dropdown lists, and its columns (written from row 1). */
  listsSheet: string;
  lists: { column: string; values: string[] }[];
}

/** 1-based row of a template's header: the title lines, a blank line, then the header. */
export function templateHeaderRow(template: TemplateSheet): number {
  return template.title.length === 0 ? 1 : template.title.length + 2;
}

/** An operation stopped by the user. */
export class CancelledError extends Error {
  constructor() {
    super("cancelled");
    this.name = "CancelledError";
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** An error whose message says what to do, in both languages. */
export class WorkbookError extends Error {
  constructor(
    readonly userMessage: Message,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage.en, options);
    this.name = "WorkbookError";
  }
}
