import type ExcelJS from "exceljs";
import type { Lang } from "../../shared/model/common";
import { isoToExcelSerial } from "../../shared/normalise/date";
import { a1 } from "../../shared/pipeline/a1";
import type { CellValue, SheetInput } from "../../shared/pipeline/types";
import { cellIn, NUMBER_FORMATS, RAG_COLOURS, tableOf, type DashboardSpec } from "../dashboards/spec";
import { dashboardSheetName, layoutDashboard } from "../excel/dashboard-sheet";
import { formatFor } from "../excel/write";
import { both } from "../i18n";
import { syncBoth } from "../i18n/sync-messages";
import type { CellWrite } from "../sync/conflicts";
import type { RegionTable } from "../sync/region-table";
import type {
  CellMark,
  ColumnSpan,
  DashboardSheetReport,
  IssuesTable,
  MarkOptions,
  MarkReport,
  OperationOptions,
  RegionTableReport,
  RowSpan,
  RowValues,
  SheetChange,
  SheetSettings,
  TemplateSheet,
  Validation,
  WorkbookAdapter,
} from "../workbook/adapter";
import { templateHeaderRow, throwIfAborted, WorkbookError } from "../workbook/adapter";
import { newGuid } from "../workbook/guid";
import { affectedMarks, cellsToInspect, decodeStore, encodeStore, planMarks, type CellState, type MarkStore } from "../workbook/marks";
import { linkFormula, quoteSheet, uniqueSheetName } from "../workbook/names";
import { parseSettings } from "../workbook/settings";
import { cellValue, getFill, getNote, numberFormat, setFill, setNote, setNumberFormat } from "./cells";

/** Marks and per-sheet settings travel in the saved file, on a sheet the user never sees. */
export const DATA_SHEET = "OMD-AOC données";
/** Excel's limit per cell is 32,767 characters. */
const CHUNK = 32_000;

interface AddinData {
  marks: MarkStore;
  settings: Record<string, SheetSettings>;
  workbook: WorkbookData;
}

/** What the add-in keeps about the workbook as a whole: its id, and the sheets it made. */
interface WorkbookData {
  id?: string;
  /** Region table name → its sheet. */
  regions?: Record<string, string>;
  /** Dashboard id → its sheet and the area it covers (1-based, inclusive), which a refresh clears. */
  dashboards?: Record<string, { sheet: string; lastRow: number; lastColumn: number }>;
}

function parseWorkbookData(value: unknown): WorkbookData {
  if (typeof value !== "object" || value === null) return {};
  const v = value as Record<string, unknown>;
  const out: WorkbookData = {};
  if (typeof v.id === "string" && /^[0-9A-Za-z-]{8,64}$/.test(v.id)) out.id = v.id;
  const strings = (o: unknown) =>
    Object.fromEntries(Object.entries(typeof o === "object" && o !== null ? o : {}).filter((e): e is [string, string] => typeof e[1] === "string"));
  if (v.regions) out.regions = strings(v.regions);
  if (typeof v.dashboards === "object" && v.dashboards !== null) {
    out.dashboards = {};
    for (const [k, d] of Object.entries(v.dashboards)) {
      const { sheet, lastRow, lastColumn } = (d ?? {}) as Record<string, unknown>;
      if (typeof sheet === "string" && Number.isInteger(lastRow) && Number.isInteger(lastColumn)) {
        out.dashboards[k] = { sheet, lastRow: lastRow as number, lastColumn: lastColumn as number };
      }
    }
  }
  return out;
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** exceljs is large: it is loaded only in browser mode, when a workbook is first needed. */
export async function loadExcelJS(): Promise<typeof ExcelJS> {
  const module = (await import("exceljs")) as unknown as { default?: typeof ExcelJS } & typeof ExcelJS;
  return module.default ?? module;
}

/**
 * The workbook adapter outside Excel: an exceljs workbook held in the page, loaded from the .xlsx the user
 * picks and saved back to .xlsx with the marks. The grid view shows it and sends the user's edits here.
 */
export class MemoryWorkbook implements WorkbookAdapter {
  readonly kind = "browser" as const;
  private active: string;
  private readonly watchers = new Map<string, Set<(change: SheetChange) => void>>();
  private readonly listeners = new Set<() => void>();
  /** Dashboards drawn in this page, by sheet: the shell shows them in place of the sheet's cells. */
  private readonly dashboards = new Map<string, { spec: DashboardSpec; lang: Lang }>();
  selection: { sheet: string; address: string } | null = null;

  constructor(
    readonly workbook: ExcelJS.Workbook,
    public fileName: string,
  ) {
    this.active = this.visible()[0]?.name ?? "";
  }

  static async fromBuffer(buffer: ArrayBuffer, fileName: string): Promise<MemoryWorkbook> {
    const ExcelJSModule = await loadExcelJS();
    const workbook = new ExcelJSModule.Workbook();
    try {
      await workbook.xlsx.load(buffer);
    } catch (error) {
      throw new WorkbookError(both("browser.readError", { file: fileName }), "unreadable", { cause: error });
    }
    if (workbook.worksheets.length === 0) throw new WorkbookError(both("browser.readError", { file: fileName }), "unreadable");
    return new MemoryWorkbook(workbook, fileName);
  }

  static async empty(sheetName: string, fileName: string): Promise<MemoryWorkbook> {
    const ExcelJSModule = await loadExcelJS();
    const workbook = new ExcelJSModule.Workbook();
    workbook.addWorksheet(sheetName);
    return new MemoryWorkbook(workbook, fileName);
  }

  async save(): Promise<Blob> {
    const buffer = await this.workbook.xlsx.writeBuffer();
    return new Blob([buffer], { type: XLSX_TYPE });
  }

  /** The view re-renders when the workbook changes. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private visible(): ExcelJS.Worksheet[] {
    return this.workbook.worksheets.filter((w) => (w.state ?? "visible") === "visible");
  }

  private sheet(name: string): ExcelJS.Worksheet {
    const ws = this.workbook.getWorksheet(name);
    if (!ws) throw new WorkbookError(both("officeError.ItemNotFound"), "ItemNotFound");
    return ws;
  }

  get activeName(): string {
    return this.active;
  }

  /** The user picks a sheet tab. */
  activate(name: string): void {
    this.sheet(name);
    this.active = name;
    this.changed();
  }

  async activeSheet(): Promise<string> {
    return this.active;
  }

  async listSheets(): Promise<string[]> {
    return this.visible().map((w) => w.name);
  }

  worksheet(name: string): ExcelJS.Worksheet {
    return this.sheet(name);
  }

  async readSheet(name: string, options: OperationOptions = {}): Promise<SheetInput> {
    throwIfAborted(options.signal);
    const ws = this.sheet(name);
    let top = Infinity;
    let left = Infinity;
    let bottom = 0;
    let right = 0;
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cellValue(cell) === "") return;
        top = Math.min(top, r);
        left = Math.min(left, c);
        bottom = Math.max(bottom, r);
        right = Math.max(right, c);
      });
    });
    if (bottom === 0) return { name, values: [[""]], numberFormats: [["General"]], origin: { row: 0, column: 0 } };
    const rows = this.rows(ws, [{ first: top, last: bottom }], { first: left, last: right });
    options.onProgress?.({ done: rows.length, total: rows.length });
    return {
      name,
      values: rows.map((r) => r.values),
      numberFormats: rows.map((r) => r.numberFormats),
      origin: { row: top - 1, column: left - 1 },
    };
  }

  private rows(ws: ExcelJS.Worksheet, spans: RowSpan[], columns: ColumnSpan): RowValues[] {
    const out: RowValues[] = [];
    for (const span of spans) {
      for (let r = span.first; r <= span.last; r++) {
        const row = ws.getRow(r);
        const values: CellValue[] = [];
        const formats: string[] = [];
        for (let c = columns.first; c <= columns.last; c++) {
          const cell = row.getCell(c);
          values.push(cellValue(cell));
          formats.push(numberFormat(cell));
        }
        out.push({ row: r, values, numberFormats: formats });
      }
    }
    return out;
  }

  async readRows(name: string, spans: RowSpan[], columns: ColumnSpan, options: OperationOptions = {}): Promise<RowValues[]> {
    throwIfAborted(options.signal);
    return this.rows(this.sheet(name), spans, columns);
  }

  // --- the add-in's own data: marks and settings ---------------------------------------------------

  private readData(): AddinData {
    const ws = this.workbook.getWorksheet(DATA_SHEET);
    let text = "";
    ws?.getColumn(1).eachCell({ includeEmpty: false }, (cell) => {
      text += String(cell.value ?? "");
    });
    if (!text) return { marks: decodeStore(null), settings: {}, workbook: {} };
    try {
      const parsed = JSON.parse(text) as { marks?: unknown; settings?: Record<string, unknown>; workbook?: unknown };
      const settings: Record<string, SheetSettings> = {};
      for (const [k, v] of Object.entries(parsed.settings ?? {})) settings[k] = parseSettings(v);
      return { marks: decodeStore(JSON.stringify(parsed.marks ?? null)), settings, workbook: parseWorkbookData(parsed.workbook) };
    } catch {
      return { marks: decodeStore(null), settings: {}, workbook: {} };
    }
  }

  private writeData(data: AddinData): void {
    const old = this.workbook.getWorksheet(DATA_SHEET);
    if (old) this.workbook.removeWorksheet(old.id);
    const empty = Object.keys(data.marks.sheets).length === 0 && Object.keys(data.settings).length === 0 && Object.keys(data.workbook).length === 0;
    if (empty) return;
    const ws = this.workbook.addWorksheet(DATA_SHEET, { state: "veryHidden" });
    const text = `{"marks":${encodeStore(data.marks)},"settings":${JSON.stringify(data.settings)},"workbook":${JSON.stringify(data.workbook)}}`;
    for (let i = 0; i * CHUNK < text.length; i++) ws.getCell(i + 1, 1).value = text.slice(i * CHUNK, (i + 1) * CHUNK);
  }

  async loadSettings(sheet: string): Promise<SheetSettings> {
    return this.readData().settings[sheet] ?? {};
  }

  async saveSettings(sheet: string, settings: SheetSettings): Promise<void> {
    const data = this.readData();
    data.settings[sheet] = settings;
    this.writeData(data);
  }

  // --- marks ---------------------------------------------------------------------------------------

  async applyMarks(name: string, marks: CellMark[], options: MarkOptions = {}): Promise<MarkReport> {
    throwIfAborted(options.signal);
    const ws = this.sheet(name);
    const data = this.readData();
    const id = String(ws.id);
    const previous = data.marks.sheets[id]?.marks ?? [];
    const { affected, kept } = affectedMarks(previous, options.rows ? new Set(options.rows) : null, marks);
    const current = new Map<string, CellState>();
    for (const address of cellsToInspect(affected, marks)) {
      const cell = ws.getCell(address);
      current.set(address, { fill: getFill(cell), note: getNote(cell) });
    }
    const plan = planMarks(affected, kept, marks, current, true);
    for (const address of plan.deleteNotes) setNote(ws.getCell(address), null);
    for (const change of plan.fills) setFill(ws.getCell(change.row, change.column), change.fill);
    for (const { address, text } of plan.addNotes) setNote(ws.getCell(address), text);
    if (plan.stored.length > 0) data.marks.sheets[id] = { name, marks: plan.stored };
    else delete data.marks.sheets[id];
    this.writeData(data);
    options.onProgress?.({ done: 1, total: 1 });
    this.changed();
    return { marked: plan.marked, cleared: plan.cleared, notesSkipped: plan.notesSkipped, notesSupported: true };
  }

  async clearMarks(name: string, options: OperationOptions = {}): Promise<number> {
    return (await this.applyMarks(name, [], options)).cleared;
  }

  // --- sheets we write -----------------------------------------------------------------------------

  private writeRow(ws: ExcelJS.Worksheet, row: number, column: number, values: readonly CellValue[], formatOf: (c: number, v: CellValue) => string) {
    values.forEach((v, c) => {
      const cell = ws.getCell(row, column + c);
      setNumberFormat(cell, formatOf(c, v));
      cell.value = v === "" || v === null ? null : v;
    });
  }

  async writeIssuesSheet(table: IssuesTable, options: OperationOptions = {}): Promise<string> {
    throwIfAborted(options.signal);
    let ws = this.workbook.getWorksheet(table.name);
    if (ws) {
      if (ws.rowCount > 0) ws.spliceRows(1, ws.rowCount);
    } else ws = this.workbook.addWorksheet(table.name);
    ws.getCell(1, 1).value = table.title;
    ws.getCell(1, 1).font = { bold: true };
    this.writeRow(ws, 3, 1, table.headers, () => "@");
    ws.getRow(3).eachCell((cell) => {
      cell.font = { bold: true };
      setFill(cell, "#DDEBF7");
    });
    table.rows.forEach((row, i) => {
      this.writeRow(ws, 4 + i, 1, row, (c, v) => (c === table.linkColumn || typeof v === "number" ? "General" : "@"));
      const link = table.links[i];
      if (link) ws.getCell(4 + i, table.linkColumn + 1).value = { formula: linkFormula(table.source, link), result: link };
    });
    table.widths.forEach((w, c) => (ws.getColumn(c + 1).width = w));
    ws.views = [{ state: "frozen", ySplit: 3, xSplit: 0 }];
    options.onProgress?.({ done: 1, total: 1 });
    this.changed();
    return table.name;
  }

  async createTemplate(template: TemplateSheet, options: OperationOptions = {}): Promise<string> {
    throwIfAborted(options.signal);
    const name = uniqueSheetName(template.name, this.workbook.worksheets.map((w) => w.name));
    const ws = this.workbook.addWorksheet(name);
    const header = templateHeaderRow(template);
    template.title.forEach((line, i) => this.writeRow(ws, i + 1, 1, [line], () => "@"));
    if (template.title.length > 0) ws.getCell(1, 1).font = { bold: true };
    this.writeRow(ws, header, 1, template.columns.map((c) => c.header), () => "@");
    ws.getRow(header).eachCell((cell) => {
      cell.font = { bold: true };
      cell.alignment = { wrapText: true, vertical: "top" };
      setFill(cell, "#DDEBF7");
    });
    const dataRows = template.rows.length + template.spareRows;
    const alertTitle = (template.title[0] ?? name).slice(0, 32);
    template.columns.forEach((column, c) => {
      ws.getColumn(c + 1).width = column.width;
      for (let r = 0; r < dataRows; r++) {
        const cell = ws.getCell(header + 1 + r, c + 1);
        const rule = template.cellValidations?.[r]?.[c] ?? column.validation;
        setNumberFormat(cell, template.cellFormats?.[r]?.[c] ?? column.numberFormat);
        if (column.wrap) cell.alignment = { wrapText: true, vertical: "top" };
        if (rule) cell.dataValidation = exceljsRule(rule, alertTitle);
      }
    });
    template.rows.forEach((row, r) =>
      this.writeRow(ws, header + 1 + r, 1, row, (c, v) =>
        typeof v === "string" && v !== "" ? "@" : (template.cellFormats?.[r]?.[c] ?? template.columns[c]?.numberFormat ?? "General"),
      ),
    );
    ws.views = [{ state: "frozen", ySplit: header, xSplit: 0 }];

    if (template.columns.some((c) => c.validation?.type === "list" && c.validation.source)) {
      const lists = this.workbook.getWorksheet(template.listsSheet) ?? this.workbook.addWorksheet(template.listsSheet, { state: "hidden" });
      for (const list of template.lists) {
        const column = lists.getColumn(list.column);
        column.eachCell((cell) => (cell.value = null));
        list.values.forEach((v, i) => this.writeRow(lists, i + 1, column.number, [v], () => "@"));
      }
    }
    const data = this.readData();
    data.settings[name] = template.settings;
    this.writeData(data);
    this.active = name;
    this.selection = { sheet: name, address: a1(header + 1, 1) };
    options.onProgress?.({ done: 1, total: 1 });
    this.changed();
    return name;
  }

  async selectCell(sheet: string, address: string): Promise<void> {
    this.sheet(sheet);
    this.active = sheet;
    this.selection = { sheet, address };
    this.changed();
  }

  async watch(sheet: string, onChange: (change: SheetChange) => void): Promise<() => Promise<void>> {
    let set = this.watchers.get(sheet);
    if (!set) this.watchers.set(sheet, (set = new Set()));
    set.add(onChange);
    return async () => {
      set.delete(onChange);
    };
  }

  private notify(sheet: string, rows: number[], lastColumn: number): void {
    if (rows.length === 0) return;
    const spans = [...new Set(rows)].sort((a, b) => a - b).map((r) => ({ first: r, last: r }));
    for (const watcher of this.watchers.get(sheet) ?? []) watcher({ sheet, rows: spans, lastColumn });
  }

  // --- issue 6: workbook id, region table, conflict write-back, dashboards --------------------------

  async workbookId(): Promise<string> {
    const data = this.readData();
    if (data.workbook.id) return data.workbook.id;
    data.workbook.id = newGuid();
    this.writeData(data);
    return data.workbook.id;
  }

  /**
   * The region's records on a plain sheet (row 1 the header, the key in column A), refreshed in place by
   * key: the add-in's columns of the rows found are rewritten, new records are added below the last one,
   * anything to the right of the add-in's columns is left as it is.
   */
  async writeRegionTable(table: RegionTable, options: OperationOptions = {}): Promise<RegionTableReport> {
    throwIfAborted(options.signal);
    const data = this.readData();
    const remembered = data.workbook.regions?.[table.tableName];
    const existing = remembered ? this.workbook.getWorksheet(remembered) : undefined;
    const formatOf = (c: number, v: CellValue) => formatFor(v, table.columns[c]?.numberFormat);
    let report: RegionTableReport;
    if (existing) {
      if (!table.keyHeaders.includes(String(cellValue(existing.getCell(1, 1))).trim())) {
        throw new WorkbookError(syncBoth("region.tableChanged", { table: existing.name }), "region-table-changed");
      }
      const rowOfKey = new Map<string, number>();
      let last = 1;
      for (let r = 2; r <= existing.rowCount; r++) {
        const key = String(cellValue(existing.getCell(r, 1)));
        if (key === "") continue;
        if (!rowOfKey.has(key)) rowOfKey.set(key, r);
        last = r;
      }
      let updated = 0;
      let appended = 0;
      for (const row of table.rows) {
        const at = rowOfKey.get(String(row[0]));
        if (at !== undefined) updated++;
        else appended++;
        this.writeRow(existing, at ?? ++last, 1, row, formatOf);
      }
      report = { sheet: existing.name, created: false, updated, appended };
    } else {
      const name = uniqueSheetName(table.sheetName, this.workbook.worksheets.map((w) => w.name));
      const ws = this.workbook.addWorksheet(name);
      this.writeRow(ws, 1, 1, table.columns.map((c) => c.header), () => "@");
      ws.getRow(1).eachCell((cell) => {
        cell.font = { bold: true };
        setFill(cell, "#DDEBF7");
      });
      table.rows.forEach((row, i) => this.writeRow(ws, 2 + i, 1, row, formatOf));
      table.columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
      ws.views = [{ state: "frozen", ySplit: 1, xSplit: 0 }];
      data.workbook.regions = { ...data.workbook.regions, [table.tableName]: name };
      this.writeData(data);
      report = { sheet: name, created: true, updated: 0, appended: table.rows.length };
    }
    options.onProgress?.({ done: table.rows.length, total: table.rows.length });
    this.changed();
    return report;
  }

  /** Cells written as Excel would take them. Like Excel, no change event for the add-in's own writes. */
  async writeCells(sheet: string, writes: readonly CellWrite[], options: OperationOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    const ws = this.sheet(sheet);
    for (const w of writes) {
      const cell = ws.getCell(w.row, w.column);
      if (w.numberFormat) setNumberFormat(cell, w.numberFormat);
      cell.value = w.value === "" || w.value === null ? null : w.value;
    }
    this.changed();
  }

  /**
   * The dashboard drawn in the page (the shell shows it for its sheet), and its tables written on that sheet
   * so that the saved .xlsx has them too (charts are the page's only). A refresh clears the area it wrote
   * last time and writes it again; the user's cells beside it stay.
   */
  async writeDashboard(spec: DashboardSpec, lang: Lang, options: OperationOptions = {}): Promise<DashboardSheetReport> {
    throwIfAborted(options.signal);
    const data = this.readData();
    const remembered = data.workbook.dashboards?.[spec.id];
    let ws = remembered ? this.workbook.getWorksheet(remembered.sheet) : undefined;
    const created = !ws;
    if (ws && remembered) {
      for (let r = 1; r <= remembered.lastRow; r++) {
        for (let c = 1; c <= remembered.lastColumn; c++) {
          const cell = ws.getCell(r, c);
          cell.value = null;
          cell.style = {};
        }
      }
    } else {
      ws = this.workbook.addWorksheet(uniqueSheetName(dashboardSheetName(spec.id, lang), this.workbook.worksheets.map((w) => w.name)));
    }
    const sheet = ws;
    const layout = layoutDashboard(spec, lang);
    for (const text of layout.texts) {
      const cell = sheet.getCell(text.row + 1, 1);
      setNumberFormat(cell, "@");
      cell.value = text.text;
      cell.font = { bold: text.bold, ...(text.size ? { size: text.size } : {}) };
    }
    for (const placed of layout.tables) {
      const table = tableOf(spec, placed.id);
      const title = sheet.getCell(placed.titleRow + 1, 1);
      title.value = table.title[lang];
      title.font = { bold: true };
      this.writeRow(sheet, placed.headerRow + 1, 1, table.columns.map((c) => c.label[lang]), () => "@");
      sheet.getRow(placed.headerRow + 1).eachCell((cell) => {
        cell.font = { bold: true };
        setFill(cell, "#DDEBF7");
      });
      table.rows.forEach((row, i) => {
        const values = table.columns.map((c, j) => cellIn(row[j] ?? null, c, lang) ?? "");
        this.writeRow(sheet, placed.headerRow + 2 + i, 1, values, (c, v) => formatFor(v, NUMBER_FORMATS[table.columns[c]?.type ?? "text"]));
        table.columns.forEach((c, j) => {
          const code = row[j];
          if (c.type === "rag" && (code === "green" || code === "amber" || code === "red")) {
            const cell = sheet.getCell(placed.headerRow + 2 + i, j + 1);
            setFill(cell, RAG_COLOURS[code].fill);
            cell.font = { color: { argb: `FF${RAG_COLOURS[code].font.slice(1)}` } };
          }
        });
      });
    }
    layout.widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
    data.workbook.dashboards = { ...data.workbook.dashboards, [spec.id]: { sheet: sheet.name, lastRow: layout.lastRow + 1, lastColumn: layout.lastColumn + 1 } };
    this.writeData(data);
    this.dashboards.set(sheet.name, { spec, lang });
    this.active = sheet.name;
    options.onProgress?.({ done: 1, total: 1 });
    this.changed();
    return { sheet: sheet.name, created, tables: layout.tables.length, charts: layout.charts.length, chartsSkipped: 0 };
  }

  /** The dashboard built on this sheet in this page, if any. */
  dashboardOf(sheet: string): { spec: DashboardSpec; lang: Lang } | undefined {
    return this.dashboards.get(sheet);
  }

  /** The user typed into a cell of the grid: store it as Excel would, then tell the watchers. */
  editCell(sheet: string, row: number, column: number, text: string): void {
    const cell = this.sheet(sheet).getCell(row, column);
    const entry = parseEntry(text, numberFormat(cell));
    if (entry.format) setNumberFormat(cell, entry.format);
    cell.value = entry.value === "" ? null : entry.value;
    this.changed();
    this.notify(sheet, [row], column);
  }
}

/** What Excel stores for typed text: numbers (either notation), percentages, day-first dates, else text. */
export function parseEntry(text: string, format: string): { value: CellValue; format?: string } {
  const t = text.trim();
  if (t === "") return { value: "" };
  if (format === "@") return { value: text };
  const number = /^[+-]?\d+(?:[.,]\d+)?$/.test(t) ? Number(t.replace(",", ".")) : undefined;
  if (number !== undefined) return { value: format.includes("%") ? number / 100 : number };
  const percent = /^([+-]?\d+(?:[.,]\d+)?)\s*%$/.exec(t);
  if (percent) return { value: Number(percent[1]!.replace(",", ".")) / 100, ...(format.includes("%") ? {} : { format: "0%" }) };
  const date = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (date) {
    const serial = isoToExcelSerial(`${date[3]}-${date[2]!.padStart(2, "0")}-${date[1]!.padStart(2, "0")}`);
    if (serial !== undefined) return { value: serial, ...(/[dy]/i.test(format) ? {} : { format: "dd/mm/yyyy" }) };
  }
  return { value: text };
}

function exceljsRule(rule: Validation, title: string): ExcelJS.DataValidation {
  const alert = { showErrorMessage: true, errorStyle: "error", errorTitle: title, error: rule.message.slice(0, 225), allowBlank: true } as const;
  switch (rule.type) {
    case "list":
      return {
        type: "list",
        formulae: [rule.source ? `${quoteSheet(rule.source.sheet)}!$${rule.source.column}$1:$${rule.source.column}$${rule.values.length}` : `"${rule.values.join(",")}"`],
        ...alert,
      };
    case "date":
      return { type: "date", operator: "greaterThanOrEqual", formulae: [new Date(Date.UTC(1900, 0, 1))], ...alert };
    case "decimal":
    case "whole": {
      const { min, max } = rule;
      const [operator, formulae] =
        min !== undefined && max !== undefined
          ? (["between", [min, max]] as const)
          : min !== undefined
            ? (["greaterThanOrEqual", [min]] as const)
            : max !== undefined
              ? (["lessThanOrEqual", [max]] as const)
              : (["greaterThanOrEqual", [-1e15]] as const);
      return { type: rule.type, operator, formulae: [...formulae], ...alert };
    }
  }
}
