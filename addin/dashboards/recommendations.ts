import type { Message } from "../../shared/pipeline/types";
import { syncBoth } from "../i18n/sync-messages";
import type { PreviousMeetingReport, RecommendationReport, RecommendationReports } from "./fetch";
import { column, label, type DashCell, type DashChart, type DashColumn, type DashSection, type DashTable, type DashboardSpec } from "./spec";

/**
 * The recommendations dashboard, from the recommendation reports: implementation by status, by
 * administration and by addressee, the previous meeting's recommendations (the GTR's first agenda item),
 * and the overdue items.
 */

type Counts = RecommendationReport["totals"];
type Row = RecommendationReport["rows"][number];

const STATUS_KEYS = ["notStarted", "inProgress", "implemented", "notApplicable"] as const;

const statusColumns = (): DashColumn[] => [
  column("notStarted", "dash.col.notStarted", "integer", 11),
  column("inProgress", "dash.col.inProgress", "integer", 11),
  column("implemented", "dash.col.implemented", "integer", 11),
  column("notApplicable", "dash.col.notApplicable", "integer", 11),
  column("total", "dash.col.total", "integer", 9),
  column("overdue", "dash.col.overdue", "integer", 10),
  column("implementationRate", "dash.col.implementationRate", "percent", 13),
  column("acceptedRate", "dash.col.acceptedRate", "percent", 12),
];

const statusCells = (c: Counts): DashCell[] => [
  c.notStarted,
  c.inProgress,
  c.implemented,
  c.notApplicable,
  c.total,
  c.overdue,
  c.implementationRate,
  c.acceptedRate,
];

function actorName(r: Row): Message {
  return { fr: r.nameFr ?? r.key, en: r.nameEn ?? r.nameFr ?? r.key };
}

function byStatus(id: string, title: Message, totals: Counts): DashTable {
  const sum = STATUS_KEYS.reduce((n, k) => n + totals[k], 0);
  return {
    id,
    title,
    columns: [column("status", "dash.col.status", "text", 18), column("count", "dash.col.count", "integer", 10), column("share", "dash.col.share", "percent", 9)],
    rows: STATUS_KEYS.map((k) => [syncBoth(`dash.col.${k}`), totals[k], sum > 0 ? totals[k] / sum : null]),
  };
}

function byActor(id: string, title: Message, who: "administration" | "addressee", report: RecommendationReport): DashTable {
  return {
    id,
    title,
    columns: [column("name", who === "administration" ? "dash.col.administration" : "dash.col.addressee", "text", 28), ...statusColumns()],
    rows: report.rows.map((r) => [actorName(r), ...statusCells(r)]),
  };
}

function recommendationColumns(): DashColumn[] {
  return [column("recommendation", "dash.col.recommendation", "text", 12), column("meeting", "dash.col.meeting", "text", 9), column("text", "dash.col.text", "text", 60)];
}

function recommendationCells(r: Row): DashCell[] {
  return [r.key, r.meetingId, r.textFr];
}

function overdue(report: RecommendationReport): DashTable {
  const rows = report.rows
    .filter((r) => r.overdue > 0)
    .sort((a, b) => b.overdue - a.overdue || a.key.localeCompare(b.key))
    .map((r): DashCell[] => [...recommendationCells(r), r.overdue, r.total, r.implementationRate]);
  return {
    id: "overdue",
    title: label("dash.reco.overdue"),
    columns: [
      ...recommendationColumns(),
      column("overdue", "dash.col.overdue", "integer", 10),
      column("total", "dash.col.total", "integer", 9),
      column("implementationRate", "dash.col.implementationRate", "percent", 13),
    ],
    rows,
  };
}

function previousTables(previous: PreviousMeetingReport): DashTable[] {
  return [
    byStatus("previousStatus", label("dash.reco.byStatus"), previous.totals),
    {
      id: "previous",
      title: label("dash.reco.byRecommendation"),
      columns: [column("recommendation", "dash.col.recommendation", "text", 12), column("text", "dash.col.text", "text", 60), ...statusColumns()],
      rows: previous.recommendations.map((r) => [r.key, r.textFr, ...statusCells(r)]),
    },
  ];
}

export function recommendationDashboard(r: RecommendationReports): DashboardSpec {
  const tables: DashTable[] = [
    byStatus("status", label("dash.reco.byStatus"), r.byRecommendation.totals),
    {
      id: "totals",
      title: label("dash.reco.totals"),
      columns: statusColumns(),
      rows: [statusCells(r.byRecommendation.totals)],
    },
    byActor("administrations", label("dash.reco.byAdministration"), "administration", r.byAdministration),
    byActor("addressees", label("dash.reco.byAddressee"), "addressee", r.byAddressee),
    ...(r.previous ? previousTables(r.previous) : []),
    overdue(r.byRecommendation),
    {
      id: "recommendations",
      title: label("dash.reco.byRecommendation"),
      columns: [...recommendationColumns(), ...statusColumns()],
      rows: r.byRecommendation.rows.map((row) => [...recommendationCells(row), ...statusCells(row)]),
    },
  ];
  const statusSeries = [...STATUS_KEYS];
  const charts: DashChart[] = [
    { id: "status", title: label("dash.reco.chart.status"), type: "pie", table: "status", categories: "status", series: ["count"] },
    { id: "administrations", title: label("dash.reco.chart.administration"), type: "stackedBar", table: "administrations", categories: "name", series: statusSeries },
    { id: "rate", title: label("dash.reco.chart.rate"), type: "bar", table: "administrations", categories: "name", series: ["implementationRate"], percent: true },
    { id: "addressees", title: label("dash.reco.chart.addressee"), type: "stackedBar", table: "addressees", categories: "name", series: statusSeries },
    ...(r.previous
      ? [{ id: "previous", title: label("dash.reco.chart.previous"), type: "column" as const, table: "previousStatus", categories: "status", series: ["count"] }]
      : []),
  ];
  const sections: DashSection[] = [
    { title: label("dash.reco.byStatus"), tables: ["status", "totals"], charts: ["status"] },
    { title: label("dash.reco.byAdministration"), tables: ["administrations"], charts: ["administrations", "rate"] },
    { title: label("dash.reco.byAddressee"), tables: ["addressees"], charts: ["addressees"] },
    ...(r.previous ? [{ title: label("dash.reco.previous", { meeting: r.previous.previousMeetingId }), tables: ["previousStatus", "previous"], charts: ["previous"] }] : []),
    { title: label("dash.reco.overdue"), tables: ["overdue"], charts: [] },
    { title: label("dash.reco.byRecommendation"), tables: ["recommendations"], charts: [] },
  ];
  return {
    id: "recommendations",
    title: label("dash.reco.title"),
    subtitle: r.meetingId ? label("dash.reco.meeting", { meeting: r.meetingId }) : label("dash.reco.allMeetings"),
    asOf: r.asOf ?? r.fetchedAt,
    sections,
    tables,
    charts,
    rag: [],
  };
}
