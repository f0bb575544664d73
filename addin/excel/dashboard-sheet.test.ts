import { describe, expect, it } from "vitest";
import { indicatorDashboard } from "../dashboards/indicators";
import { recommendationDashboard } from "../dashboards/recommendations";
import type { DashboardSpec } from "../dashboards/spec";
import { indicatorReports, recommendationReports } from "../dashboards/test-reports";
import { ALL_DASHBOARD_CAPABILITIES, chartName, layoutDashboard, tableName, writeDashboard, type DashboardCapabilities } from "./dashboard-sheet";
import { FAKE_PAYLOAD_LIMIT, FakeExcel, gridOf, type SyncRecord } from "./fake-excel";

function workbook(sheets = ["Suivi"]) {
  const excel = new FakeExcel(sheets);
  let last: SyncRecord[] = [];
  const build = (spec: DashboardSpec, caps: DashboardCapabilities = ALL_DASHBOARD_CAPABILITIES, lang: "fr" | "en" = "fr") => {
    const context = excel.newContext();
    last = context.syncs;
    return writeDashboard(context as unknown as Excel.RequestContext, spec, lang, caps);
  };
  return { excel, build, syncs: () => last };
}

const onSheet = (excel: FakeExcel, name: string) => {
  const sheet = excel.model.sheet(name);
  return {
    sheet,
    tables: excel.model.tables.filter((t) => t.sheet === sheet),
    charts: excel.model.charts.filter((c) => c.sheet === sheet),
    formats: excel.model.conditionalFormats.filter((c) => c.sheet === sheet),
  };
};

describe("the recommendations dashboard in Excel", () => {
  it("builds one sheet: title, date of the data, a native table per table, charts beside them", async () => {
    const { excel, build, syncs } = workbook();
    const spec = recommendationDashboard(recommendationReports(12));
    const report = await build(spec);
    expect(report).toMatchObject({ sheet: "TdB recommandations", created: true, tables: spec.tables.length, charts: spec.charts.length, chartsSkipped: 0, syncs: 3, forced: 0 });
    expect(syncs()).toHaveLength(3);
    const { sheet, tables, charts } = onSheet(excel, "TdB recommandations");
    expect(gridOf(sheet, 0, 0, 2, 0).flat()).toEqual(["Tableau de bord — mise en œuvre des recommandations", "Réunion PC11", "Données au 02/05/2024 10:00 UTC"]);
    expect(sheet.fontSizes.get("0,0")).toBe(16);
    expect(tables.map((t) => t.name).sort()).toEqual(spec.tables.map((t) => tableName(spec, t.id)).sort());
    // The status table: its header and rows where the layout put them, shares as percentages.
    const layout = layoutDashboard(spec, "fr");
    const at = layout.tables.find((t) => t.id === "status")!;
    expect(gridOf(sheet, at.titleRow, 0, at.headerRow + 2, 2)).toEqual([
      ["Mise en œuvre par statut", "", ""],
      ["Statut", "Suivis", "Part"],
      ["Non entamé", 3, 0.15],
      ["En cours", 5, 0.25],
    ]);
    expect(sheet.cell(at.headerRow + 1, 2)!.numberFormat).toBe("0%");
    const table = tables.find((t) => t.name === tableName(spec, "status"))!;
    expect([table.r0, table.r1, table.c0, table.c1]).toEqual([at.headerRow, at.headerRow + 4, 0, 2]);
    // Charts: named, titled, placed to the right of the tables; series named after the columns.
    const stacked = charts.find((c) => c.name === chartName(spec, "administrations"))!;
    expect(stacked).toMatchObject({ type: "BarStacked", title: "Suivis par administration et statut" });
    expect(stacked.series.map((s) => s.name)).toEqual(["Non entamé", "En cours", "Réalisé", "Sans objet"]);
    expect(stacked.position!.start).toMatch(/^[L-Z]\d+$/);
    // The rate chart's columns are not side by side: drawn from series (ExcelApi 1.7).
    const rate = charts.find((c) => c.name === chartName(spec, "rate"))!;
    expect(rate.series).toHaveLength(1);
    expect(rate.series[0]!.values).toMatch(/!H\d+:H\d+$/);
    expect(rate.series[0]!.xValues).toMatch(/!A\d+:A\d+$/);
    expect(excel.model.sheet("Suivi").cells.size).toBe(0);
    expect(excel.model.settings.get("omd-aoc.dashboard.recommendations")).toBeTruthy();
  });

  it("rebuilds in place on refresh: same sheet, no duplicates, the old area cleared, the user's things kept", async () => {
    const { excel, build } = workbook(["Suivi"]);
    await build(recommendationDashboard(recommendationReports(40)));
    // The user's own things: a table on another sheet with a similar name, a note far right on the dashboard sheet.
    excel.model.setValues("Suivi", [["Mes données"]]);
    excel.model.tables.push({ name: "OMD_AOC_TdB_perso", sheet: excel.model.sheet("Suivi"), r0: 5, c0: 0, r1: 6, c1: 0, style: "x" });
    const dash = excel.model.sheet("TdB recommandations");
    dash.ensure(0, 40).value = "ma note";
    dash.name = "Tableau de bord (mien)"; // renamed: still found by its id
    const before = excel.model.tables.length;

    const smaller = recommendationDashboard(recommendationReports(5, { previous: false }));
    const report = await build(smaller);
    expect(report).toMatchObject({ sheet: "Tableau de bord (mien)", created: false, syncs: 3 });
    expect(excel.model.sheets.map((s) => s.name)).toEqual(["Suivi", "Tableau de bord (mien)"]);
    const { tables, charts } = onSheet(excel, "Tableau de bord (mien)");
    expect(tables.map((t) => t.name).sort()).toEqual(smaller.tables.map((t) => tableName(smaller, t.id)).sort());
    expect(charts.map((c) => c.name).sort()).toEqual(smaller.charts.map((c) => chartName(smaller, c.id)).sort());
    expect(excel.model.tables.length).toBe(before - 2); // the previous meeting's two tables are gone
    // Nothing left below the new layout from the bigger one.
    const layout = layoutDashboard(smaller, "fr");
    const leftovers = [...dash.cells.entries()].filter(([k, c]) => Math.floor(k / 16_384) > layout.lastRow && c.value !== "");
    expect(leftovers).toEqual([]);
    expect(dash.cell(0, 40)!.value).toBe("ma note");
    expect(excel.model.sheet("Suivi").cell(0, 0)!.value).toBe("Mes données");
    expect(excel.model.tables.some((t) => t.name === "OMD_AOC_TdB_perso")).toBe(true);

    await build(smaller);
    expect(onSheet(excel, "Tableau de bord (mien)").charts).toHaveLength(smaller.charts.length);
  });

  it("makes a new sheet if the user deleted it, without touching a sheet that took its name", async () => {
    const { excel, build } = workbook();
    await build(recommendationDashboard(recommendationReports(3)));
    excel.model.sheets.splice(1, 1);
    excel.model.tables.length = 0;
    excel.model.charts.length = 0;
    excel.model.setValues("TdB recommandations", [["à moi"]]);
    const report = await build(recommendationDashboard(recommendationReports(3)));
    expect(report).toMatchObject({ created: true, sheet: "TdB recommandations (2)" });
    expect(excel.model.sheet("TdB recommandations").cell(0, 0)!.value).toBe("à moi");
  });

  it("draws what this Excel can: charts and conditional formats only where supported", async () => {
    const spec = recommendationDashboard(recommendationReports(5));
    const noSeries = workbook();
    const r1 = await noSeries.build(spec, { ...ALL_DASHBOARD_CAPABILITIES, chartSeries: false });
    expect(r1.chartsSkipped).toBe(1); // the rate chart (columns apart)
    const noCharts = workbook();
    const r2 = await noCharts.build(spec, { charts: false, chartSeries: false, conditionalFormats: false });
    expect(r2).toMatchObject({ charts: 0, chartsSkipped: spec.charts.length });
    expect(noCharts.excel.model.charts).toEqual([]);
  });
});

describe("the indicators dashboard in Excel", () => {
  it("colours red/amber/green with conditional formats in the language of the sheet", async () => {
    const { excel, build } = workbook();
    const spec = indicatorDashboard(indicatorReports(2, 4, 3));
    await build(spec, ALL_DASHBOARD_CAPABILITIES, "en");
    const { formats, charts } = onSheet(excel, "Dashboard indicators");
    expect(formats).toHaveLength(spec.rag.length * 3);
    expect(formats.filter((f) => f.fill === "#FFC7CE").map((f) => (f.rule as { text: string }).text)).toEqual(Array(spec.rag.length).fill("Red"));
    const layout = layoutDashboard(spec, "en");
    const trend = layout.tables.find((t) => t.id === "trend")!;
    expect(formats[0]!.address).toBe(`F${trend.headerRow + 2}:F${trend.headerRow + 1 + 8}`);
    // One line chart per indicator, on that indicator's rows.
    const line = charts.find((c) => c.name === chartName(spec, "trend:IND-001"))!;
    expect(line.type).toBe("Line");
    expect(line.series[0]!.values).toBe(`'Dashboard indicators'!C${trend.headerRow + 6}:C${trend.headerRow + 9}`);
  });
});

describe("constant syncs", () => {
  const check = (small: SyncRecord[], large: SyncRecord[], report: { syncs: number; forced: number }) => {
    for (const s of large) {
      expect(s.requestBytes).toBeLessThanOrEqual(FAKE_PAYLOAD_LIMIT);
      expect(s.responseBytes).toBeLessThanOrEqual(FAKE_PAYLOAD_LIMIT);
    }
    expect(report.syncs - report.forced).toBe(small.length);
    expect(report.forced).toBeGreaterThan(0);
  };

  it("recommendations: 100 and 50,000 recommendations, built then refreshed, the same syncs apart from forced chunks", { timeout: 180_000 }, async () => {
    for (const phase of ["build", "refresh"] as const) {
      const small = workbook();
      const large = workbook();
      if (phase === "refresh") {
        await small.build(recommendationDashboard(recommendationReports(100)));
        await large.build(recommendationDashboard(recommendationReports(50_000)));
      }
      await small.build(recommendationDashboard(recommendationReports(100)));
      const report = await large.build(recommendationDashboard(recommendationReports(50_000)));
      check(small.syncs(), large.syncs(), report);
    }
  });

  it("indicators: 100 and 50,000 rows of trend, built then refreshed, the same syncs apart from forced chunks", { timeout: 180_000 }, async () => {
    // 100 indicators × 500 quarters = 50,000 trend rows; 20 × 5 = 100.
    for (const phase of ["build", "refresh"] as const) {
      const small = workbook();
      const large = workbook();
      if (phase === "refresh") {
        await small.build(indicatorDashboard(indicatorReports(20, 5, 4)));
        await large.build(indicatorDashboard(indicatorReports(100, 500, 4)));
      }
      await small.build(indicatorDashboard(indicatorReports(20, 5, 4)));
      const report = await large.build(indicatorDashboard(indicatorReports(100, 500, 4)));
      check(small.syncs(), large.syncs(), report);
    }
  });
});
