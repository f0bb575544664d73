import { periodInfo } from "../../shared/model/period";
import type { Message } from "../../shared/pipeline/types";
import { syncBothWith } from "../i18n/sync-messages";
import type { IndicatorReport, IndicatorReports } from "./fetch";
import { column, label, type DashCell, type DashChart, type DashSection, type DashTable, type DashboardSpec } from "./spec";

/**
 * The indicators dashboard, from the indicator and completeness reports: the regional trend of each
 * indicator, the administrations compared on each indicator's latest period, target attainment in
 * red/amber/green, and who reported a period and on time.
 */

export interface Names {
  indicator?(code: string): Message | undefined;
  actor?(id: string): Message | undefined;
}

/** Charts drawn per indicator (trend, comparison): the first ones; the tables hold every indicator. */
export const MAX_INDICATOR_CHARTS = 6;

type Item = IndicatorReport["indicators"][number];

const periodEnd = (p: string) => periodInfo(p)?.end ?? p;

/** Each indicator's latest period with figures, in code order. */
function latestItems(report: IndicatorReport): Item[] {
  const latest = new Map<string, Item>();
  for (const item of report.indicators) {
    const current = latest.get(item.code);
    if (!current || periodEnd(item.period) > periodEnd(current.period)) latest.set(item.code, item);
  }
  return [...latest.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** Runs of rows that share a first cell: [code, first, end). */
function runs(rows: DashCell[][]): [string, number, number][] {
  const out: [string, number, number][] = [];
  rows.forEach((row, i) => {
    const code = String(row[0]);
    const last = out.at(-1);
    if (last && last[0] === code && last[2] === i) last[2] = i + 1;
    else out.push([code, i, i + 1]);
  });
  return out;
}

export function indicatorDashboard(r: IndicatorReports, names: Names = {}): DashboardSpec {
  const actor = (id: string): DashCell => names.actor?.(id) ?? id;
  const indicatorName = (code: string): Message => names.indicator?.(code) ?? { fr: code, en: code };
  const items = [...r.indicators.indicators].sort((a, b) => a.code.localeCompare(b.code) || periodEnd(a.period).localeCompare(periodEnd(b.period)));

  const trend: DashTable = {
    id: "trend",
    title: label("dash.ind.trend"),
    columns: [
      column("indicator", "dash.col.indicator", "text", 14),
      column("period", "dash.col.period", "text", 9),
      column("value", "dash.col.value", "number", 12),
      column("target", "dash.col.target", "number", 12),
      column("attainment", "dash.col.attainment", "percent", 11),
      column("rag", "dash.col.rag", "rag", 12),
      column("reported", "dash.col.reported", "integer", 13),
    ],
    rows: items.map((i) => [i.code, i.period, i.regional?.value ?? null, i.regional?.target ?? null, i.regional?.attainment ?? null, i.regional?.rag ?? null, i.regional?.reported ?? null]),
  };

  const latest = latestItems(r.indicators);
  const comparison: DashTable = {
    id: "comparison",
    title: label("dash.ind.comparison"),
    columns: [
      column("indicator", "dash.col.indicator", "text", 14),
      column("administration", "dash.col.administration", "text", 24),
      column("value", "dash.col.value", "number", 12),
      column("target", "dash.col.target", "number", 12),
      column("attainment", "dash.col.attainment", "percent", 11),
      column("rag", "dash.col.rag", "rag", 12),
      column("period", "dash.col.period", "text", 9),
    ],
    rows: latest.flatMap((i) =>
      [...i.administrations]
        .sort((a, b) => a.actorId.localeCompare(b.actorId))
        .map((a): DashCell[] => [i.code, actor(a.actorId), a.value, a.target, a.attainment, a.rag, i.period]),
    ),
  };

  // Attainment as a matrix: administrations down, indicators across, each cell red, amber or green.
  const actors = [...new Set(latest.flatMap((i) => i.administrations.map((a) => a.actorId)))].sort();
  const ragOf = new Map(latest.flatMap((i) => i.administrations.map((a) => [`${i.code}|${a.actorId}`, a.rag] as const)));
  const attainment: DashTable = {
    id: "attainment",
    title: label("dash.ind.attainment"),
    columns: [
      column("administration", "dash.col.administration", "text", 24),
      ...latest.map((i) => ({ id: `rag:${i.code}`, label: { fr: `${i.code} (${i.period})`, en: `${i.code} (${i.period})` }, type: "rag" as const, width: 14 })),
    ],
    rows: actors.map((id) => [actor(id), ...latest.map((i) => ragOf.get(`${i.code}|${id}`) ?? null)]),
  };

  const c = r.completeness;
  const completeness: DashTable | null = c
    ? {
        id: "completeness",
        title: label("dash.ind.completeness", { period: c.period, deadline: c.deadline }),
        columns: [
          column("administration", "dash.col.administration", "text", 24),
          column("reportingRate", "dash.col.reportingRate", "percent", 12),
          column("timelinessRate", "dash.col.timelinessRate", "percent", 12),
          column("expected", "dash.col.expected", "integer", 9),
          column("reported", "dash.col.reportedCount", "integer", 9),
          column("withValue", "dash.col.withValue", "integer", 10),
          column("onTime", "dash.col.onTime", "integer", 9),
          column("missing", "dash.col.missing", "text", 30),
          column("late", "dash.col.late", "text", 30),
        ],
        rows: c.administrations.map((a) => [
          { fr: a.nameFr, en: a.nameEn },
          a.reportingRate,
          a.timelinessRate,
          a.expected,
          a.reported,
          a.withValue,
          a.onTime,
          a.missing.join(" "),
          a.late.join(" "),
        ]),
      }
    : null;

  const charts: DashChart[] = [];
  for (const [code, first, end] of runs(trend.rows).slice(0, MAX_INDICATOR_CHARTS)) {
    charts.push({
      id: `trend:${code}`,
      title: syncBothWith("dash.ind.chart.trend", (l) => ({ indicator: indicatorName(code)[l] })),
      type: "line",
      table: "trend",
      categories: "period",
      series: ["value"],
      rows: [first, end],
    });
  }
  const latestPeriod = new Map(latest.map((i) => [i.code, i.period]));
  for (const [code, first, end] of runs(comparison.rows).slice(0, MAX_INDICATOR_CHARTS)) {
    charts.push({
      id: `comparison:${code}`,
      title: syncBothWith("dash.ind.chart.comparison", (l) => ({ indicator: indicatorName(code)[l], period: latestPeriod.get(code) ?? "" })),
      type: "column",
      table: "comparison",
      categories: "administration",
      series: ["value"],
      rows: [first, end],
    });
  }
  if (completeness) {
    charts.push({
      id: "completeness",
      title: label("dash.ind.chart.completeness"),
      type: "bar",
      table: "completeness",
      categories: "administration",
      series: ["reportingRate", "timelinessRate"],
      percent: true,
    });
  }

  const sections: DashSection[] = [
    { title: label("dash.ind.trend"), tables: ["trend"], charts: charts.filter((x) => x.table === "trend").map((x) => x.id) },
    { title: label("dash.ind.comparison"), tables: ["comparison"], charts: charts.filter((x) => x.table === "comparison").map((x) => x.id) },
    { title: label("dash.ind.attainment"), tables: ["attainment"], charts: [] },
    ...(completeness ? [{ title: completeness.title, tables: ["completeness"], charts: ["completeness"] }] : []),
  ];

  return {
    id: "indicators",
    title: label("dash.ind.title"),
    subtitle: label("dash.ind.year", { year: r.year }),
    asOf: r.fetchedAt,
    sections,
    tables: [trend, comparison, attainment, ...(completeness ? [completeness] : [])],
    charts,
    rag: [
      { table: "trend", column: "rag" },
      { table: "comparison", column: "rag" },
      ...latest.map((i) => ({ table: "attainment", column: `rag:${i.code}` })),
    ],
  };
}
