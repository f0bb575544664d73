import type { Lang } from "../../shared/model/common";
import { st } from "../i18n/sync-messages";
import { cellIn, chartData, formatAsOf, tableOf, type DashboardSpec, type DashChart, type DashColumn, type DashTable } from "./spec";

/**
 * The same dashboard in the page (browser mode): accessible HTML tables (caption, column and row headers)
 * and inline SVG charts drawn from the same chart definitions as the Excel sheet, each with a title and a
 * text description of its figures. Built with DOM calls (text is never parsed as HTML).
 */

const SVG = "http://www.w3.org/2000/svg";
/** Colours that stay apart for the common colour blindnesses (Okabe–Ito). */
export const SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

export interface RenderOptions {
  /** Rows drawn per table (the page is not a spreadsheet): the rest is counted in a note. */
  maxRows?: number;
}

export function formatCell(value: string | number | null, column: DashColumn, lang: Lang): string {
  if (value === null || value === "") return "";
  if (typeof value === "string") return value;
  const locale = lang === "fr" ? "fr-FR" : "en-GB";
  if (column.type === "percent") return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
  if (column.type === "integer") return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

let ids = 0;
const uid = (base: string) => `${base}-${++ids}`;

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function svg(doc: Document, tag: string, attrs: Record<string, string | number> = {}, text?: string): SVGElement {
  const e = doc.createElementNS(SVG, tag) as SVGElement;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export function renderTable(doc: Document, table: DashTable, lang: Lang, options: RenderOptions = {}): HTMLElement {
  const wrap = el(doc, "div", { class: "dash-table" });
  const t = el(doc, "table", { "data-table": table.id });
  t.append(el(doc, "caption", {}, table.title[lang]));
  const head = el(doc, "thead");
  const hr = el(doc, "tr");
  for (const c of table.columns) hr.append(el(doc, "th", { scope: "col", class: `col-${c.type}` }, c.label[lang]));
  head.append(hr);
  t.append(head);
  const body = el(doc, "tbody");
  const shown = table.rows.slice(0, options.maxRows ?? 1_000);
  for (const row of shown) {
    const tr = el(doc, "tr");
    table.columns.forEach((c, i) => {
      const value = cellIn(row[i] ?? null, c, lang);
      const cell = el(doc, i === 0 ? "th" : "td", i === 0 ? { scope: "row" } : {}, formatCell(value, c, lang));
      cell.classList.add(`col-${c.type}`);
      const code = row[i];
      if (c.type === "rag" && typeof code === "string") cell.classList.add(`rag-${code}`);
      tr.append(cell);
    });
    body.append(tr);
  }
  if (table.rows.length === 0) {
    const tr = el(doc, "tr");
    tr.append(el(doc, "td", { colspan: String(table.columns.length) }, st(lang, "dash.none")));
    body.append(tr);
  }
  t.append(body);
  wrap.append(t);
  if (shown.length < table.rows.length) {
    wrap.append(el(doc, "p", { class: "dash-note" }, lang === "fr" ? `${shown.length} premières lignes sur ${table.rows.length}.` : `First ${shown.length} rows of ${table.rows.length}.`));
  }
  if (table.note) wrap.append(el(doc, "p", { class: "dash-note" }, table.note[lang]));
  return wrap;
}

interface Series {
  name: string;
  values: (number | null)[];
}

/** The chart's figures as text, for screen readers (the SVG's description). */
function describe(categories: string[], series: Series[], fmt: (n: number) => string): string {
  return categories
    .map((cat, i) => `${cat}: ${series.map((s) => `${series.length > 1 ? `${s.name} ` : ""}${s.values[i] === null ? "—" : fmt(s.values[i]!)}`).join(", ")}`)
    .join("; ");
}

const LEGEND_LINE = 16;
/** Rough width of 11 px text: the drawing is laid out before any text is measured. */
const textWidth = (text: string) => text.length * 6.5;

/** Where each legend entry goes: left to right, on as many lines as the drawing's width needs. */
export function legendLayout(names: string[], width: number, margin = 8): { x: number; line: number }[] {
  let x = margin;
  let line = 0;
  return names.map((name) => {
    const w = 14 + textWidth(name) + 16;
    if (x > margin && x + w > width - margin) {
      x = margin;
      line += 1;
    }
    const at = { x, line };
    x += w;
    return at;
  });
}

export function renderChart(doc: Document, spec: DashboardSpec, chart: DashChart, lang: Lang): HTMLElement {
  const data = chartData(spec, chart);
  const rows = data.table.rows.slice(data.first, data.end);
  const catColumn = data.table.columns[data.categories]!;
  const categories = rows.map((r) => String(formatCell(cellIn(r[data.categories] ?? null, catColumn, lang), catColumn, lang)));
  const series: Series[] = data.series.map((s) => ({
    name: data.table.columns[s]!.label[lang],
    values: rows.map((r) => (typeof r[s] === "number" ? (r[s] as number) : null)),
  }));
  const valueColumn = data.table.columns[data.series[0]!]!;
  const fmt = (n: number) => formatCell(n, valueColumn, lang);

  const figure = el(doc, "figure", { class: `dash-chart chart-${chart.type}`, "data-chart": chart.id });
  const titleId = uid("chart-title");
  const descId = uid("chart-desc");
  const stacked = chart.type === "stackedBar" || chart.type === "stackedColumn";
  const horizontal = chart.type === "bar" || chart.type === "stackedBar";
  const n = categories.length;
  const band = 24;
  const width = horizontal || chart.type === "pie" ? 520 : Math.max(360, 120 + n * Math.max(band, series.length * 14 + 10));
  const legend = chart.type === "pie" || series.length < 2 ? [] : legendLayout(series.map((s) => s.name), width);
  const legendHeight = legend.length ? (legend[legend.length - 1]!.line + 1) * LEGEND_LINE : 0;
  const height = (horizontal ? 60 + n * band + 30 : 300) + Math.max(0, legendHeight - LEGEND_LINE);
  const root = svg(doc, "svg", { role: "img", "aria-labelledby": `${titleId} ${descId}`, viewBox: `0 0 ${width} ${height}`, width, height });
  root.append(svg(doc, "title", { id: titleId }, chart.title[lang]));
  root.append(svg(doc, "desc", { id: descId }, describe(categories, series, fmt)));

  const totals = categories.map((_, i) => series.reduce((t, s) => t + Math.max(0, s.values[i] ?? 0), 0));
  // Rates are drawn against 100 %, not against the largest rate: 39 % must not fill the bar.
  const max = Math.max(chart.percent ? 1 : 1e-9, ...(stacked ? totals : series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const mark = (shape: SVGElement, label: string) => {
    shape.append(svg(doc, "title", {}, label));
    root.append(shape);
  };

  if (chart.type === "pie") {
    const values = series[0]!.values.map((v) => Math.max(0, v ?? 0));
    const total = values.reduce((a, b) => a + b, 0);
    let angle = -Math.PI / 2;
    const cx = 150;
    const cy = 150;
    const r = 120;
    values.forEach((v, i) => {
      if (v <= 0 || total <= 0) return;
      const a = (v / total) * 2 * Math.PI;
      const x1 = cx + r * Math.cos(angle);
      const y1 = cy + r * Math.sin(angle);
      const x2 = cx + r * Math.cos(angle + a);
      const y2 = cy + r * Math.sin(angle + a);
      const d = v === total ? `M ${cx - r} ${cy} a ${r} ${r} 0 1 0 ${2 * r} 0 a ${r} ${r} 0 1 0 ${-2 * r} 0` : `M ${cx} ${cy} L ${x1} ${y1} A ${r} ${r} 0 ${a > Math.PI ? 1 : 0} 1 ${x2} ${y2} Z`;
      mark(svg(doc, "path", { d, fill: SERIES_COLOURS[i % SERIES_COLOURS.length]!, class: "slice" }), `${categories[i]}: ${fmt(v)}`);
      angle += a;
    });
    categories.forEach((cat, i) => {
      root.append(svg(doc, "rect", { x: 300, y: 40 + i * 22, width: 12, height: 12, fill: SERIES_COLOURS[i % SERIES_COLOURS.length]! }));
      root.append(svg(doc, "text", { x: 318, y: 50 + i * 22, "font-size": 12 }, `${cat} (${values[i] ? fmt(values[i]!) : "0"})`));
    });
  } else if (chart.type === "line") {
    const left = 60;
    const top = 20;
    const plotW = width - left - 20;
    const plotH = height - top - 50;
    const x = (i: number) => left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
    const y = (v: number) => top + plotH - (v / max) * plotH;
    root.append(svg(doc, "line", { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, stroke: "#666" }));
    root.append(svg(doc, "text", { x: 4, y: top + 10, "font-size": 11 }, fmt(max)));
    series.forEach((s, k) => {
      const colour = SERIES_COLOURS[k % SERIES_COLOURS.length]!;
      const points = s.values.flatMap((v, i) => (v === null ? [] : [`${x(i)},${y(v)}`]));
      root.append(svg(doc, "polyline", { points: points.join(" "), fill: "none", stroke: colour, "stroke-width": 2 }));
      s.values.forEach((v, i) => v !== null && mark(svg(doc, "circle", { cx: x(i), cy: y(v), r: 3.5, fill: colour }), `${categories[i]} — ${s.name}: ${fmt(v)}`));
    });
    categories.forEach((cat, i) => root.append(svg(doc, "text", { x: x(i), y: top + plotH + 16, "font-size": 11, "text-anchor": "middle" }, cat)));
  } else {
    const left = horizontal ? 160 : 50;
    const top = 20;
    const plotW = width - left - 20;
    const plotH = height - top - (horizontal ? 40 : 50) - Math.max(0, legendHeight - LEGEND_LINE);
    const slot = (horizontal ? plotH : plotW) / Math.max(1, n);
    const size = (v: number) => (Math.max(0, v) / max) * (horizontal ? plotW : plotH);
    categories.forEach((cat, i) => {
      let offset = 0;
      series.forEach((s, k) => {
        const v = s.values[i];
        if (v === null || v === undefined) return;
        const colour = SERIES_COLOURS[k % SERIES_COLOURS.length]!;
        const thick = stacked ? slot * 0.7 : (slot * 0.7) / series.length;
        const start = i * slot + slot * 0.15 + (stacked ? 0 : k * thick);
        const len = size(v);
        const rect = horizontal
          ? { x: left + offset, y: top + start, width: len, height: thick }
          : { x: left + start, y: top + plotH - len - offset, width: thick, height: len };
        mark(svg(doc, "rect", { ...rect, fill: colour, class: "bar" }), `${cat} — ${s.name}: ${fmt(v)}`);
        if (stacked) offset += len;
      });
      root.append(
        horizontal
          ? svg(doc, "text", { x: left - 6, y: top + i * slot + slot / 2 + 4, "font-size": 11, "text-anchor": "end" }, cat)
          : svg(doc, "text", { x: left + i * slot + slot / 2, y: top + plotH + 16, "font-size": 11, "text-anchor": "middle" }, cat),
      );
    });
    root.append(
      horizontal
        ? svg(doc, "line", { x1: left, y1: top, x2: left, y2: top + plotH, stroke: "#666" })
        : svg(doc, "line", { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, stroke: "#666" }),
    );
    legend.forEach(({ x, line }, k) => {
      const y = height - legendHeight + line * LEGEND_LINE + 2;
      root.append(svg(doc, "rect", { x, y, width: 10, height: 10, fill: SERIES_COLOURS[k % SERIES_COLOURS.length]!, class: "legend-key" }));
      root.append(svg(doc, "text", { x: x + 14, y: y + 9, "font-size": 11, class: "legend-label" }, series[k]!.name));
    });
  }
  figure.append(root);
  figure.append(el(doc, "figcaption", {}, chart.title[lang]));
  return figure;
}

/** The whole dashboard: title, date of the data, then each section's tables and charts. */
export function renderDashboard(doc: Document, spec: DashboardSpec, lang: Lang, options: RenderOptions = {}): HTMLElement {
  const headingId = uid(`dash-${spec.id}`);
  const article = el(doc, "article", { class: "dashboard", "aria-labelledby": headingId, "data-dashboard": spec.id });
  const header = el(doc, "header");
  header.append(el(doc, "h2", { id: headingId }, spec.title[lang]));
  header.append(el(doc, "p", { class: "dash-subtitle" }, spec.subtitle[lang]));
  const asOf = el(doc, "p", { class: "dash-as-of" });
  asOf.append(el(doc, "time", { datetime: spec.asOf }, st(lang, "dash.asOf", { date: formatAsOf(spec.asOf) })));
  header.append(asOf);
  article.append(header);
  for (const section of spec.sections) {
    const sectionId = uid("dash-section");
    const s = el(doc, "section", { "aria-labelledby": sectionId });
    s.append(el(doc, "h3", { id: sectionId }, section.title[lang]));
    for (const id of section.tables) s.append(renderTable(doc, tableOf(spec, id), lang, options));
    for (const id of section.charts) {
      const chart = spec.charts.find((c) => c.id === id);
      if (chart) s.append(renderChart(doc, spec, chart, lang));
    }
    article.append(s);
  }
  return article;
}
