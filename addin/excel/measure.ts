import type { CellValue } from "../../shared/pipeline/types";
import type { CellMark, IssuesTable, TemplateSheet } from "../workbook/adapter";
import { ALL_CAPABILITIES } from "./capabilities";
import { FakeExcel, type FakeContext, type SyncRecord } from "./fake-excel";
import { OfficeWorkbook, type Runner } from "./office-workbook";

/**
 * What each pane action costs in Excel round trips, measured on the recording fake: syncs, and the largest
 * request and response in bytes. For the adapter's tests and the benchmark (`npm run bench`, "excel").
 */
export interface ActionCost {
  syncs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
}

export const ACTIONS = ["check", "mark", "clearMarks", "issuesSheet", "template"] as const;
export type Action = (typeof ACTIONS)[number];

/** A follow-up sheet as administrations keep them: a title, a header on row 3, `n` data rows. */
export function trackingSheet(n: number): { values: CellValue[][]; numberFormats: string[][] } {
  const header = ["N°", "Recommandation", "Pays", "Statut", "Taux de réalisation", "Actions menées", "Échéance", "Observations"];
  const values: CellValue[][] = [["TABLEAU DE SUIVI DES RECOMMANDATIONS", "", "", "", "", "", "", ""], ["", "", "", "", "", "", "", ""], header];
  const numberFormats: string[][] = values.map((r) => r.map(() => "General"));
  const statuses = ["Réalisé", "En cours", "Non entamé", "Sans objet"];
  for (let i = 1; i <= n; i++) {
    values.push([
      i,
      `Renforcer les capacités de l'administration en matière de gestion des projets, action ${i}`,
      i % 3 === 0 ? "Côte d'Ivoire" : "Sénégal",
      statuses[i % 4]!,
      (i % 10) / 10,
      i % 2 ? "Note de service transmise ; atelier tenu en ligne" : "",
      44561 + (i % 300),
      "",
    ]);
    numberFormats.push(["General", "General", "General", "General", "0%", "General", "dd/mm/yyyy", "General"]);
  }
  return { values, numberFormats };
}

/** One mark per data row (the worst case: every row has an issue). */
export function marksFor(n: number, firstRow = 4): CellMark[] {
  return Array.from({ length: n }, (_, i) => ({ row: firstRow + i, column: 4, severity: i % 5 ? "error" : "warning", note: `OMD-AOC : statut inconnu (${i})` }));
}

export function issuesTableFor(n: number): IssuesTable {
  return {
    name: "Anomalies",
    source: "Suivi 2021",
    title: `Anomalies de la feuille « Suivi 2021 » (${n})`,
    headers: ["Cellule", "Gravité", "Champ", "Valeur", "Message", "Code"],
    rows: Array.from({ length: n }, (_, i) => [`D${i + 4}`, "Erreur", "Statut", i % 2 ? "=SUM(A1:A3)" : "2021", `Statut « ${i} » inconnu : choisissez un statut dans la liste.`, "unknown-status"]),
    links: Array.from({ length: n }, (_, i) => `D${i + 4}`),
    linkColumn: 0,
    widths: [10, 14, 22, 22, 80, 26],
  };
}

export function templateFor(n: number): TemplateSheet {
  return {
    name: "Suivi PC11 CI",
    title: ["Suivi des recommandations — 11e rencontre", "Administration : Côte d'Ivoire"],
    columns: [
      { header: "N°", numberFormat: "@", width: 8 },
      { header: "Administration", numberFormat: "@", width: 20, validation: { type: "list", values: ["Bénin", "Côte d'Ivoire"], source: { sheet: "OMD-AOC listes", column: "A" }, message: "Choisissez" } },
      { header: "Statut", numberFormat: "@", width: 14, validation: { type: "list", values: ["Non entamé", "En cours"], message: "Choisissez" } },
      { header: "Taux de réalisation", numberFormat: "0%", width: 12, validation: { type: "decimal", min: 0, max: 1, message: "0–100 %" } },
      { header: "Actions menées", numberFormat: "@", width: 30, wrap: true },
    ],
    rows: Array.from({ length: n }, (_, i) => [String(i + 1), "Côte d'Ivoire", "Non entamé", 0, i === 0 ? "=HACK()" : "-"]),
    spareRows: 10,
    settings: { template: "follow-up", meetingId: "PC11", actorId: "CI" },
    listsSheet: "OMD-AOC listes",
    lists: [{ column: "A", values: ["Bénin", "Côte d'Ivoire"] }],
  };
}

function cost(syncs: SyncRecord[]): ActionCost {
  return {
    syncs: syncs.length,
    maxRequestBytes: Math.max(0, ...syncs.map((s) => s.requestBytes)),
    maxResponseBytes: Math.max(0, ...syncs.map((s) => s.responseBytes)),
  };
}

/** Run every action on a fresh fake workbook of `rows` data rows and report what each cost. */
export async function measureActions(rows: number): Promise<Record<Action, ActionCost>> {
  const excel = new FakeExcel(["Suivi"]);
  const { values, numberFormats } = trackingSheet(rows);
  excel.model.setValues("Suivi", values as (string | number | boolean)[][], { numberFormats });
  let runs: SyncRecord[][] = [];
  const runner: Runner = async (batch, reuse) => {
    const context = (reuse as unknown as FakeContext | undefined) ?? excel.newContext();
    runs.push(context.syncs);
    return batch(context as unknown as Excel.RequestContext);
  };
  const workbook = new OfficeWorkbook(runner, ALL_CAPABILITIES);
  const measure = async (action: () => Promise<unknown>) => {
    runs = [];
    await action();
    return cost(runs.flat());
  };
  return {
    check: await measure(() => workbook.readSheet("Suivi")),
    mark: await measure(() => workbook.applyMarks("Suivi", marksFor(rows))),
    clearMarks: await measure(() => workbook.clearMarks("Suivi")),
    issuesSheet: await measure(() => workbook.writeIssuesSheet(issuesTableFor(rows))),
    template: await measure(() => workbook.createTemplate(templateFor(rows))),
  };
}
