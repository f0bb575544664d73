import type { Lang } from "../../shared/model/common";
import type { Message } from "../../shared/pipeline/types";
import { st, syncBoth, type SyncMessageKey } from "../i18n/sync-messages";

/**
 * A dashboard as data: built by pure functions from the API's report payloads, then drawn twice — into one
 * Excel sheet (addin/excel/dashboard-sheet) and into the page in browser mode (render-html) — from the same
 * tables and the same chart definitions. Labels are bilingual; cells are language-independent except text.
 */

export type DashboardId = "recommendations" | "indicators";

export type ColumnType = "text" | "integer" | "number" | "percent" | "rag";

export interface DashColumn {
  id: string;
  label: Message;
  type: ColumnType;
  /** Characters, for Excel's column width and the page's. */
  width?: number;
}

/** A text cell may be bilingual (a status, an administration's name); RAG cells hold "green" | "amber" | "red". */
export type DashCell = string | number | null | Message;

export interface DashTable {
  id: string;
  title: Message;
  columns: DashColumn[];
  rows: DashCell[][];
  /** Shown under the table (where the figures come from, what a rate means). */
  note?: Message;
}

export type ChartType = "column" | "bar" | "stackedColumn" | "stackedBar" | "line" | "pie";

export interface DashChart {
  id: string;
  title: Message;
  type: ChartType;
  /** The table whose columns it draws. */
  table: string;
  /** Column holding the categories (x axis, or pie slices). */
  categories: string;
  /** Columns holding the values, one series each; the series' names are the columns' labels. */
  series: string[];
  /** The table rows it draws: [first, end) (default: all, up to `MAX_CHART_CATEGORIES`). */
  rows?: [number, number];
  /** Values are rates (0–1) to show as percentages. */
  percent?: boolean;
}

/** Colour the RAG cells of a column (conditional formats in Excel, classes in the page). */
export interface RagFormat {
  table: string;
  column: string;
}

export interface DashSection {
  title: Message;
  /** Tables and charts, in reading order; a chart sits beside its table in Excel, after it in the page. */
  tables: string[];
  charts: string[];
}

export interface DashboardSpec {
  id: DashboardId;
  title: Message;
  /** What the data covers: "Meeting PC11", "Year 2021". */
  subtitle: Message;
  /** The date the data shown is as of (ISO date or timestamp): the report's `asOf`, else when it was fetched. */
  asOf: string;
  sections: DashSection[];
  tables: DashTable[];
  charts: DashChart[];
  rag: RagFormat[];
}

/** A chart draws at most this many categories (a chart of 50,000 bars says nothing). */
export const MAX_CHART_CATEGORIES = 40;

export const RAG = ["green", "amber", "red"] as const;
export type Rag = (typeof RAG)[number];

/** Excel's own "good / neutral / bad" cell styles, so that the colours read as Excel users expect. */
export const RAG_COLOURS: Record<Rag, { fill: string; font: string }> = {
  green: { fill: "#C6EFCE", font: "#006100" },
  amber: { fill: "#FFEB9C", font: "#9C5700" },
  red: { fill: "#FFC7CE", font: "#9C0006" },
};

export function ragLabel(rag: string | null, lang: Lang): string {
  return rag === "green" || rag === "amber" || rag === "red" ? st(lang, `dash.rag.${rag}`) : st(lang, "dash.rag.none");
}

export function isMessage(v: unknown): v is Message {
  return typeof v === "object" && v !== null && typeof (v as Message).fr === "string" && typeof (v as Message).en === "string";
}

/** A cell as text or number in a language (what Excel and the page show); RAG codes become their words. */
export function cellIn(cell: DashCell, column: DashColumn, lang: Lang): string | number | null {
  if (column.type === "rag") return cell === null ? null : ragLabel(typeof cell === "string" ? cell : null, lang);
  if (isMessage(cell)) return cell[lang];
  return cell;
}

export const label = (key: SyncMessageKey, params?: Record<string, string | number>): Message => syncBoth(key, params);

export function column(id: string, key: SyncMessageKey, type: ColumnType, width?: number): DashColumn {
  return { id, label: syncBoth(key), type, ...(width ? { width } : {}) };
}

export function tableOf(spec: DashboardSpec, id: string): DashTable {
  const t = spec.tables.find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
}

/** The rows a chart draws, and the index of its category and series columns. */
export function chartData(spec: DashboardSpec, chart: DashChart) {
  const table = tableOf(spec, chart.table);
  const index = (id: string) => {
    const i = table.columns.findIndex((c) => c.id === id);
    if (i < 0) throw new Error(`chart ${chart.id}: no column ${id} in ${table.id}`);
    return i;
  };
  const [first, end] = chart.rows ?? [0, table.rows.length];
  const last = Math.min(end, first + MAX_CHART_CATEGORIES, table.rows.length);
  return { table, first, end: Math.max(first, last), categories: index(chart.categories), series: chart.series.map(index) };
}

/** Excel number formats of the column types. */
export const NUMBER_FORMATS: Record<ColumnType, string> = {
  text: "@",
  integer: "#,##0",
  number: "#,##0.##",
  percent: "0%",
  rag: "@",
};

/** "2024-05-02T10:00:00Z" → "02/05/2024 10:00 UTC"; "2024-05-02" → "02/05/2024". */
export function formatAsOf(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return iso;
  return `${m[3]}/${m[2]}/${m[1]}${m[4] ? ` ${m[4]}:${m[5]} UTC` : ""}`;
}
