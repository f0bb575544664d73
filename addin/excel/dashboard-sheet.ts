import type { Lang } from "../../shared/model/common";
import type { CellValue } from "../../shared/pipeline/types";
import { st } from "../i18n/sync-messages";
import {
  cellIn,
  chartData,
  formatAsOf,
  NUMBER_FORMATS,
  RAG,
  RAG_COLOURS,
  ragLabel,
  tableOf,
  type ChartType,
  type DashboardSpec,
  type DashChart,
} from "../dashboards/spec";
import type { OperationOptions } from "../workbook/adapter";
import { POINTS_PER_CHAR } from "./issues-sheet";
import { ACTION_BYTES, Batch, jsonBytes, PATH_BYTES } from "./payload";
import { uniqueSheetName } from "./pull-sheet";
import { formatFor, writeRows } from "./write";

/**
 * A dashboard on one sheet of its own, rebuilt in place on refresh: the add-in's tables and charts on that
 * sheet are deleted and made again, the area it wrote last time is cleared, nothing else is touched (not
 * the user's other sheets, not what the user put beside the dashboard). The sheet is found by its id,
 * remembered in the workbook's settings, so that renaming it does not make a second one. Native tables,
 * charts beside them, red/amber/green as conditional formats, and the date of the data at the top.
 * Three syncs whatever the number of rows, apart from the chunks the 5 MB request limit forces.
 */

export interface DashboardCapabilities {
  /** Charts at all (ExcelApi 1.1, but some hosts and viewers refuse them). */
  charts: boolean;
  /** ExcelApi 1.7: series from columns that are not side by side (setValues, setXAxisValues). */
  chartSeries: boolean;
  /** ExcelApi 1.6: conditional formats. */
  conditionalFormats: boolean;
}

export const ALL_DASHBOARD_CAPABILITIES: DashboardCapabilities = { charts: true, chartSeries: true, conditionalFormats: true };

export function detectDashboardCapabilities(): DashboardCapabilities {
  const has = (version: string) => Office.context.requirements.isSetSupported("ExcelApi", version);
  return { charts: has("1.1"), chartSeries: has("1.7"), conditionalFormats: has("1.6") };
}

export const SETTING_PREFIX = "omd-aoc.dashboard.";
export const DASHBOARD_TABLE_STYLE = "TableStyleLight9";
const CHART_ROWS = 16;
const CHART_COLUMNS = 8;

const SHEET_NAMES: Record<DashboardSpec["id"], Record<Lang, string>> = {
  recommendations: { fr: "TdB recommandations", en: "Dashboard recommendations" },
  indicators: { fr: "TdB indicateurs", en: "Dashboard indicators" },
};

/** The name a new dashboard sheet gets (made unique if taken); both adapters use it. */
export function dashboardSheetName(id: DashboardSpec["id"], lang: Lang): string {
  return SHEET_NAMES[id][lang];
}

/** Names of what the add-in makes on the sheet: what a refresh deletes, and only that. */
export function tableName(spec: Pick<DashboardSpec, "id">, tableId: string): string {
  return `OMD_AOC_TdB_${spec.id}_${tableId.replace(/[^A-Za-z0-9_]/g, "_")}`;
}
export function chartName(spec: Pick<DashboardSpec, "id">, chartId: string): string {
  return `OMD-AOC ${spec.id} ${chartId}`;
}

const EXCEL_CHART_TYPES: Record<ChartType, string> = {
  column: "ColumnClustered",
  bar: "BarClustered",
  stackedColumn: "ColumnStacked",
  stackedBar: "BarStacked",
  line: "Line",
  pie: "Pie",
};

interface Placed {
  kind: "text";
  row: number;
  text: string;
  bold: boolean;
  size?: number;
}

interface PlacedTable {
  id: string;
  /** 0-based row of the table's title, of its header. */
  titleRow: number;
  headerRow: number;
  rowCount: number;
}

interface PlacedChart {
  chart: DashChart;
  row: number;
  column: number;
}

export interface DashboardLayout {
  texts: Placed[];
  tables: PlacedTable[];
  charts: PlacedChart[];
  /** The cells the dashboard covers (0-based, inclusive): what the next refresh clears. */
  lastRow: number;
  lastColumn: number;
  /** Per column, the widest of the tables' columns there (characters). */
  widths: number[];
}

/** Where everything goes: a title block, then section after section, tables from column A, charts to their right. */
export function layoutDashboard(spec: DashboardSpec, lang: Lang): DashboardLayout {
  const texts: Placed[] = [
    { kind: "text", row: 0, text: spec.title[lang], bold: true, size: 16 },
    { kind: "text", row: 1, text: spec.subtitle[lang], bold: false },
    { kind: "text", row: 2, text: st(lang, "dash.asOf", { date: formatAsOf(spec.asOf) }), bold: true },
  ];
  const widths: number[] = [];
  for (const t of spec.tables) t.columns.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 8, c.width ?? 10)));
  const chartColumn = widths.length + 1;
  const tables: PlacedTable[] = [];
  const charts: PlacedChart[] = [];
  let row = 4;
  for (const section of spec.sections) {
    texts.push({ kind: "text", row, text: section.title[lang], bold: true, size: 13 });
    const top = row;
    row += 1;
    for (const id of section.tables) {
      const t = tableOf(spec, id);
      tables.push({ id, titleRow: row, headerRow: row + 1, rowCount: Math.max(1, t.rows.length) });
      row += 2 + Math.max(1, t.rows.length) + 1;
    }
    let chartRow = top;
    for (const id of section.charts) {
      const chart = spec.charts.find((c) => c.id === id);
      if (!chart) continue;
      charts.push({ chart, row: chartRow, column: chartColumn });
      chartRow += CHART_ROWS + 1;
    }
    row = Math.max(row, chartRow) + 1;
  }
  return { texts, tables, charts, lastRow: row, lastColumn: Math.max(widths.length - 1, 0), widths };
}

function a1(row: number, column: number): string {
  let n = column + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return `${s}${row + 1}`;
}

interface Remembered {
  sheetId: string;
  area: string;
}

function parseRemembered(value: unknown): Remembered | null {
  try {
    const v = (typeof value === "string" ? JSON.parse(value) : value) as Partial<Remembered> | null;
    return v && typeof v.sheetId === "string" && typeof v.area === "string" && /^[A-Z]+\d+:[A-Z]+\d+$/.test(v.area) ? { sheetId: v.sheetId, area: v.area } : null;
  } catch {
    return null;
  }
}

export interface DashboardReport {
  sheet: string;
  created: boolean;
  tables: number;
  charts: number;
  /** Charts left out because this Excel cannot draw them as defined. */
  chartsSkipped: number;
  syncs: number;
  forced: number;
}

export async function writeDashboard(
  context: Excel.RequestContext,
  spec: DashboardSpec,
  lang: Lang,
  caps: DashboardCapabilities = ALL_DASHBOARD_CAPABILITIES,
  options: OperationOptions & { activate?: boolean } = {},
): Promise<DashboardReport> {
  const batch = new Batch(context, options);
  const key = `${SETTING_PREFIX}${spec.id}`;
  const setting = context.workbook.settings.getItemOrNullObject(key);
  setting.load("value");
  const sheets = context.workbook.worksheets;
  sheets.load("items/name,items/id");
  await batch.flush(); // 1: where the dashboard was

  const remembered = setting.isNullObject ? null : parseRemembered(setting.value);
  const found = remembered ? sheets.items.find((s) => s.id === remembered.sheetId) : undefined;
  let sheet: Excel.Worksheet;
  let ours: { tables: Excel.TableCollection; charts: Excel.ChartCollection | null } | null = null;
  if (found) {
    sheet = sheets.getItem(found.name);
    const tables = sheet.tables;
    tables.load("items/name");
    const charts = caps.charts ? sheet.charts : null;
    charts?.load("items/name");
    ours = { tables, charts };
  } else {
    sheet = sheets.add(uniqueSheetName(dashboardSheetName(spec.id, lang), sheets.items.map((s) => s.name)));
  }
  sheet.load("id,name");
  await batch.flush(); // 2: what the add-in made there last time (or the new sheet)

  // 3: delete the add-in's own tables and charts, clear the area it wrote, build again
  if (ours && remembered) {
    const prefixT = tableName(spec, "");
    const prefixC = chartName(spec, "");
    for (const t of ours.tables.items) if (t.name.startsWith(prefixT)) t.delete();
    for (const c of ours.charts?.items ?? []) if (c.name.startsWith(prefixC)) c.delete();
    const area = sheet.getRange(remembered.area);
    if (caps.conditionalFormats) area.conditionalFormats.clearAll();
    area.clear();
  }

  const layout = layoutDashboard(spec, lang);
  for (const text of layout.texts) {
    await batch.reserve(4 * PATH_BYTES + 5 * ACTION_BYTES + jsonBytes(text.text));
    const cell = sheet.getRangeByIndexes(text.row, 0, 1, 1);
    cell.numberFormat = [["@"]];
    cell.values = [[text.text]];
    if (text.bold) cell.format.font.bold = true;
    if (text.size) cell.format.font.size = text.size;
  }

  for (const placed of layout.tables) {
    const table = tableOf(spec, placed.id);
    await batch.reserve(4 * PATH_BYTES + 4 * ACTION_BYTES + jsonBytes(table.title[lang]));
    const title = sheet.getRangeByIndexes(placed.titleRow, 0, 1, 1);
    title.numberFormat = [["@"]];
    title.values = [[table.title[lang]]];
    title.format.font.bold = true;
    await writeRows(batch, sheet, placed.headerRow, 0, [table.columns.map((c) => c.label[lang])], () => "@");
    const rows: CellValue[][] = table.rows.map((r) => table.columns.map((c, i) => cellIn(r[i] ?? null, c, lang) ?? ""));
    await writeRows(batch, sheet, placed.headerRow + 1, 0, rows, (_r, c, v) => formatFor(v, NUMBER_FORMATS[table.columns[c]?.type ?? "text"]));
    await batch.reserve(3 * PATH_BYTES + 3 * ACTION_BYTES);
    const created = sheet.tables.add(sheet.getRangeByIndexes(placed.headerRow, 0, placed.rowCount + 1, table.columns.length), true);
    created.name = tableName(spec, table.id);
    created.style = DASHBOARD_TABLE_STYLE;
  }

  if (caps.conditionalFormats) {
    for (const rag of spec.rag) {
      const placed = layout.tables.find((t) => t.id === rag.table);
      const table = tableOf(spec, rag.table);
      const c = table.columns.findIndex((x) => x.id === rag.column);
      if (!placed || c < 0 || table.rows.length === 0) continue;
      const range = sheet.getRangeByIndexes(placed.headerRow + 1, c, table.rows.length, 1);
      for (const code of RAG) {
        await batch.reserve(8 * PATH_BYTES + 5 * ACTION_BYTES);
        const cf = range.conditionalFormats.add("ContainsText" as Excel.ConditionalFormatType);
        cf.textComparison.format.fill.color = RAG_COLOURS[code].fill;
        cf.textComparison.format.font.color = RAG_COLOURS[code].font;
        cf.textComparison.rule = { operator: "BeginsWith" as Excel.ConditionalTextOperator, text: ragLabel(code, lang) };
      }
    }
  }

  let charts = 0;
  let chartsSkipped = 0;
  for (const placed of layout.charts) {
    if (!caps.charts) {
      chartsSkipped++;
      continue;
    }
    const data = chartData(spec, placed.chart);
    const at = layout.tables.find((t) => t.id === data.table.id)!;
    if (data.end <= data.first) continue;
    const first = at.headerRow + 1 + data.first;
    const count = data.end - data.first;
    const contiguous = data.series.every((s, i) => s === data.categories + 1 + i);
    if (!contiguous && !caps.chartSeries) {
      chartsSkipped++;
      continue;
    }
    await batch.reserve((8 + 3 * data.series.length) * PATH_BYTES + (6 + 3 * data.series.length) * ACTION_BYTES + 200);
    const type = EXCEL_CHART_TYPES[placed.chart.type] as Excel.ChartType;
    const column = (c: number) => sheet.getRangeByIndexes(first, c, count, 1);
    let chart: Excel.Chart;
    if (contiguous) {
      chart = sheet.charts.add(type, sheet.getRangeByIndexes(first, data.categories, count, data.series.length + 1), "Columns" as Excel.ChartSeriesBy);
      data.series.forEach((s, i) => (chart.series.getItemAt(i).name = data.table.columns[s]!.label[lang]));
    } else {
      chart = sheet.charts.add(type, column(data.series[0]!), "Columns" as Excel.ChartSeriesBy);
      data.series.forEach((s, i) => {
        const series = i === 0 ? chart.series.getItemAt(0) : chart.series.add(data.table.columns[s]!.label[lang]);
        if (i > 0) series.setValues(column(s));
        series.name = data.table.columns[s]!.label[lang];
        series.setXAxisValues(column(data.categories));
      });
    }
    chart.name = chartName(spec, placed.chart.id);
    chart.title.text = placed.chart.title[lang];
    chart.setPosition(a1(placed.row, placed.column), a1(placed.row + CHART_ROWS - 1, placed.column + CHART_COLUMNS - 1));
    charts++;
  }

  for (const [c, width] of layout.widths.entries()) {
    await batch.reserve(3 * PATH_BYTES + ACTION_BYTES);
    sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = width * POINTS_PER_CHAR;
  }
  const area = `${a1(0, 0)}:${a1(layout.lastRow, layout.lastColumn)}`;
  await batch.reserve(2 * PATH_BYTES + 2 * ACTION_BYTES + 200);
  context.workbook.settings.add(key, JSON.stringify({ sheetId: sheet.id, area } satisfies Remembered));
  if (options.activate) sheet.activate();
  await batch.flush();
  return { sheet: sheet.name, created: !found, tables: layout.tables.length, charts, chartsSkipped, syncs: batch.syncs, forced: batch.forced };
}
