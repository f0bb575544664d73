import { performance } from "node:perf_hooks";
import type { SyncIndicatorValue } from "../shared/sync/protocol";
import { indicatorDashboard } from "../addin/dashboards/indicators";
import { recommendationDashboard } from "../addin/dashboards/recommendations";
import type { DashboardSpec } from "../addin/dashboards/spec";
import { indicatorReports, recommendationReports } from "../addin/dashboards/test-reports";
import { ALL_DASHBOARD_CAPABILITIES, writeDashboard } from "../addin/excel/dashboard-sheet";
import { FAKE_PAYLOAD_LIMIT, FakeExcel, type SyncRecord } from "../addin/excel/fake-excel";
import { ALL_CAPABILITIES } from "../addin/excel/capabilities";
import type { FakeContext } from "../addin/excel/fake-excel";
import { ACTIONS, issuesTableFor, marksFor, templateFor, trackingSheet, type Action } from "../addin/excel/measure";
import { OfficeWorkbook, type Runner } from "../addin/excel/office-workbook";
import { writeRegionTable } from "../addin/excel/pull-sheet";
import { generatedFollowUp as followUp } from "../addin/sync/generated-records";
import { followUpTable, indicatorValueTable, type RegionTable } from "../addin/sync/region-table";

/**
 * Excel round trips per pane action, on the adapter's recording fake of Excel (addin/excel/fake-excel.ts):
 * `context.sync()` calls and the largest request and response, at 100 and 50,000 rows. Actions that report
 * the syncs the 5 MB limit forced (pull sheet, dashboards) are checked exactly: syncs at 50,000 − forced =
 * syncs at 100. The others (measureActions' actions) do not say which syncs were forced; for them the extra
 * syncs must stay within the adapter tests' bound (addin/excel/office-workbook.test.ts): at most two per
 * 5 MB of bytes moved (a chunk may be cut on the request side and on the response side).
 */
export const EXCEL_SIZES = [100, 50_000] as const;

export interface ExcelActionFigures {
  syncs100: number;
  syncs50k: number;
  /** Syncs forced by the 5 MB limit at 50,000 rows when the action reports them, else null. */
  forced50k: number | null;
  /** Bytes moved at 50,000 rows (each sync's larger side), in 5 MB requests: extra syncs may be twice that. */
  byteChunks50k: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  ms50k: number;
  meetsTarget: boolean;
}

interface Run {
  syncs: SyncRecord[];
  forced: number | null;
  ms: number;
}


/** Unique keys for i < 500,000: the indicator and the administration give i mod 20,000, the year the rest. */
function value(i: number, version = 1): SyncIndicatorValue {
  const admins = ["BJ", "BF", "CI", "SN", "TG", "NE", "ML", "GN"];
  return {
    key: { indicatorCode: `GEN-${String(i % 2500).padStart(4, "0")}`, actorId: admins[Math.floor(i / 2500) % admins.length]!, period: `${2000 + Math.floor(i / 20_000)}Q${(i % 4) + 1}` },
    fields: { value: (i * 37) % 1000, target: i % 3 === 0 ? 500 : null, source: i % 11 === 0 ? "=DDE(\"x\")" : "Rapport annuel", comment: version > 1 ? `révisé ${version}` : null },
    version,
    receivedAt: "2024-05-01T08:00:00Z",
    updatedAt: "2024-05-01T08:00:00Z",
    updatedBy: "BRRC",
  };
}

/** One Excel.run on a fresh context over `excel`'s workbook; its syncs and the action's own report of forced syncs. */
async function run<T extends { forced: number }>(excel: FakeExcel, action: (c: Excel.RequestContext) => Promise<T>): Promise<Run> {
  const context = excel.newContext();
  const t = performance.now();
  const report = await action(context as unknown as Excel.RequestContext);
  return { syncs: context.syncs, forced: report.forced, ms: performance.now() - t };
}

/** The measured actions that need a workbook set up first (a table or a dashboard already there). */
async function measureSheets(n: number): Promise<Record<string, Run>> {
  const out: Record<string, Run> = {};
  const regionTable = (kind: "followUps" | "values", version = 1): RegionTable => {
    if (kind === "followUps") {
      const rows = Array.from({ length: n }, (_, i) => followUp(i + 1, version));
      return followUpTable(rows, "fr");
    }
    return indicatorValueTable(Array.from({ length: n }, (_, i) => value(i)), "fr");
  };

  const pulled = new FakeExcel(["Suivi"]);
  out.pullFollowUps = await run(pulled, (c) => writeRegionTable(c, regionTable("followUps")));
  out.pullIndicatorValues = await run(pulled, (c) => writeRegionTable(c, regionTable("values")));
  // A refresh: every tenth record changed, one new
  const next = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? followUp(i + 1, 2, "v2") : followUp(i + 1)));
  next.push(followUp(n + 1));
  out.pullRefresh = await run(pulled, (c) => writeRegionTable(c, followUpTable(next, "fr")));

  const dash = async (spec: () => DashboardSpec) => {
    const excel = new FakeExcel(["Suivi"]);
    const built = await run(excel, (c) => writeDashboard(c, spec(), "fr", ALL_DASHBOARD_CAPABILITIES));
    const rebuilt = await run(excel, (c) => writeDashboard(c, spec(), "fr", ALL_DASHBOARD_CAPABILITIES));
    return { built, rebuilt };
  };
  const recommendations = await dash(() => recommendationDashboard(recommendationReports(n)));
  out.dashboardRecommendations = recommendations.built;
  out.dashboardRecommendationsRefresh = recommendations.rebuilt;
  // n rows of trend: 100 = 20 indicators × 5 quarters, 50,000 = 100 × 500 (four administrations each)
  const [codes, periods] = n <= 100 ? [20, 5] : [100, n / 100];
  const indicators = await dash(() => indicatorDashboard(indicatorReports(codes, periods, 4)));
  out.dashboardIndicators = indicators.built;
  out.dashboardIndicatorsRefresh = indicators.rebuilt;
  return out;
}

/**
 * The adapter's actions as measureActions (addin/excel/measure.ts) runs them, on the same sheet and inputs,
 * keeping every sync's record (measureActions keeps only counts and maxima; the bytes moved are needed here).
 */
async function measureWorkbookActions(n: number): Promise<Record<Action, Run>> {
  const excel = new FakeExcel(["Suivi"]);
  const { values, numberFormats } = trackingSheet(n);
  excel.model.setValues("Suivi", values as (string | number | boolean)[][], { numberFormats });
  let runs = new Set<SyncRecord[]>();
  const runner: Runner = async (batch, reuse) => {
    const context = (reuse as unknown as FakeContext | undefined) ?? excel.newContext();
    runs.add(context.syncs);
    return batch(context as unknown as Excel.RequestContext);
  };
  const workbook = new OfficeWorkbook(runner, ALL_CAPABILITIES);
  const measure = async (action: () => Promise<unknown>): Promise<Run> => {
    runs = new Set();
    const t = performance.now();
    await action();
    return { syncs: [...runs].flat(), forced: null, ms: performance.now() - t };
  };
  const out: Partial<Record<Action, Run>> = {
    check: await measure(() => workbook.readSheet("Suivi")),
    mark: await measure(() => workbook.applyMarks("Suivi", marksFor(n))),
    clearMarks: await measure(() => workbook.clearMarks("Suivi")),
    issuesSheet: await measure(() => workbook.writeIssuesSheet(issuesTableFor(n))),
    template: await measure(() => workbook.createTemplate(templateFor(n))),
  };
  for (const a of ACTIONS) if (!out[a]) throw new Error(`excel bench: action ${a} not measured`);
  return out as Record<Action, Run>;
}

async function measureAll(n: number): Promise<Record<string, Run>> {
  return { ...(await measureWorkbookActions(n)), ...(await measureSheets(n)) };
}

export async function benchExcel(log: (line: string) => void): Promise<Record<string, ExcelActionFigures>> {
  const [small, large] = [await measureAll(EXCEL_SIZES[0]), await measureAll(EXCEL_SIZES[1])];
  const out: Record<string, ExcelActionFigures> = {};
  for (const [action, s] of Object.entries(small)) {
    const l = large[action]!;
    const all = [...s.syncs, ...l.syncs];
    const maxRequestBytes = Math.max(...all.map((x) => x.requestBytes));
    const maxResponseBytes = Math.max(...all.map((x) => x.responseBytes));
    const moved = l.syncs.reduce((n, x) => n + Math.max(x.requestBytes, x.responseBytes), 0);
    const byteChunks50k = Math.ceil(moved / FAKE_PAYLOAD_LIMIT);
    const within = maxRequestBytes <= FAKE_PAYLOAD_LIMIT && maxResponseBytes <= FAKE_PAYLOAD_LIMIT;
    const constant =
      l.forced !== null && s.forced !== null
        ? s.forced === 0 && l.syncs.length - l.forced === s.syncs.length
        : l.syncs.length >= s.syncs.length && l.syncs.length - s.syncs.length <= 2 * byteChunks50k;
    out[action] = {
      syncs100: s.syncs.length,
      syncs50k: l.syncs.length,
      forced50k: l.forced,
      byteChunks50k,
      maxRequestBytes,
      maxResponseBytes,
      ms50k: l.ms,
      meetsTarget: within && constant,
    };
    log(
      `excel ${action.padEnd(32)} syncs ${s.syncs.length} at 100, ${l.syncs.length} at 50,000 (${l.forced === null ? `${byteChunks50k} × 5 MB moved` : `${l.forced} forced`}), ` +
        `largest request ${maxRequestBytes} B, response ${maxResponseBytes} B${within && constant ? "" : "  ← misses the target"}`,
    );
  }
  return out;
}
