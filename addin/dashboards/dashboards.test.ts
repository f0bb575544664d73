import { describe, expect, it } from "vitest";
import { apiClient } from "../sync/api";
import { FakeApi } from "../sync/fake-api";
import { fetchIndicatorReports, fetchRecommendationReports, latestPeriod } from "./fetch";
import { indicatorDashboard, MAX_INDICATOR_CHARTS } from "./indicators";
import { recommendationDashboard } from "./recommendations";
import { legendLayout, renderDashboard } from "./render-html";
import { cellIn, chartData, MAX_CHART_CATEGORIES, tableOf, type DashboardSpec } from "./spec";
import { completenessReport, indicatorReport, indicatorReports, recommendationReports } from "./test-reports";

/** Every chart of a spec names columns of its table, and rows that exist. */
function expectChartsResolve(spec: DashboardSpec) {
  for (const chart of spec.charts) {
    const d = chartData(spec, chart);
    expect(d.end).toBeLessThanOrEqual(d.table.rows.length);
    expect(d.end - d.first).toBeLessThanOrEqual(MAX_CHART_CATEGORIES);
  }
  for (const s of spec.sections) for (const id of s.tables) expect(() => tableOf(spec, id)).not.toThrow();
}

describe("recommendations dashboard", () => {
  it("implementation by status: counts and shares of the totals", () => {
    const spec = recommendationDashboard(recommendationReports(12));
    const status = tableOf(spec, "status");
    // totals: 3 not started, 5 in progress, 10 implemented, 2 not applicable
    expect(status.rows.map((r) => [cellIn(r[0]!, status.columns[0]!, "fr"), r[1], r[2]])).toEqual([
      ["Non entamé", 3, 3 / 20],
      ["En cours", 5, 5 / 20],
      ["Réalisé", 10, 10 / 20],
      ["Sans objet", 2, 2 / 20],
    ]);
    expect(tableOf(spec, "totals").rows).toEqual([[3, 5, 10, 2, 20, 4, 0.5556, 0.3333]]);
    expectChartsResolve(spec);
  });

  it("overdue items: only recommendations with overdue follow-ups, most overdue first", () => {
    const spec = recommendationDashboard(recommendationReports(12));
    const overdue = tableOf(spec, "overdue");
    // i = 0, 3, 6, 9 → overdue 1 + i mod 5 = 1, 4, 2, 5
    expect(overdue.rows.map((r) => [r[0], r[3]])).toEqual([
      ["PC11-R00010", 5],
      ["PC11-R00004", 4],
      ["PC11-R00007", 2],
      ["PC11-R00001", 1],
    ]);
  });

  it("by administration and by addressee, with names in both languages; the previous meeting's state", () => {
    const spec = recommendationDashboard(recommendationReports(12));
    const admins = tableOf(spec, "administrations");
    expect(cellIn(admins.rows[1]![0]!, admins.columns[0]!, "en")).toBe("Administration 1 (en)");
    expect(admins.rows[1]!.slice(1, 6)).toEqual([1, 1, 3, 0, 5]);
    expect(tableOf(spec, "addressees").columns[0]!.label.fr).toBe("Destinataire");
    expect(tableOf(spec, "previous").rows.map((r) => r[0])).toEqual(["PC10-R01", "PC10-R02"]);
    expect(spec.sections.map((s) => s.title.en)).toContain("State of implementation of the recommendations of PC10 (previous meeting)");
    expect(spec.charts.map((c) => c.id)).toEqual(["status", "administrations", "rate", "addressees", "previous"]);
  });

  it("leaves the previous meeting out when there is none, and dates the data", () => {
    const none = recommendationDashboard(recommendationReports(3, { previous: false }));
    expect(none.tables.map((t) => t.id)).not.toContain("previous");
    expect(none.charts.map((c) => c.id)).not.toContain("previous");
    expect(none.asOf).toBe("2024-05-02T10:00:00.000Z");
    expect(recommendationDashboard(recommendationReports(3, { asOf: "2023-12-31" })).asOf).toBe("2023-12-31");
    expectChartsResolve(none);
  });
});

describe("indicators dashboard", () => {
  it("regional trend: each indicator's periods in time order, one line chart per indicator on its own rows", () => {
    const spec = indicatorDashboard(indicatorReports(8, 5, 3));
    const trend = tableOf(spec, "trend");
    expect(trend.rows.slice(0, 5).map((r) => [r[0], r[1], r[2]])).toEqual([
      ["IND-000", "2021Q1", 10],
      ["IND-000", "2021Q2", 20],
      ["IND-000", "2021Q3", 30],
      ["IND-000", "2021Q4", 40],
      ["IND-000", "2022Q1", 50],
    ]);
    const lines = spec.charts.filter((c) => c.type === "line");
    expect(lines).toHaveLength(MAX_INDICATOR_CHARTS);
    for (const chart of lines) {
      const code = chart.id.slice("trend:".length);
      const [first, end] = chart.rows!;
      expect(end - first).toBe(5);
      expect(trend.rows.slice(first, end).every((r) => r[0] === code)).toBe(true);
    }
    expectChartsResolve(spec);
  });

  it("administrations compared on each indicator's latest period; attainment as a red/amber/green matrix", () => {
    const spec = indicatorDashboard(indicatorReports(2, 3, 4), { actor: (id) => ({ fr: `Pays ${id}`, en: `Country ${id}` }) });
    const comparison = tableOf(spec, "comparison");
    expect(new Set(comparison.rows.map((r) => r[6]))).toEqual(new Set(["2021Q3"]));
    expect(comparison.rows).toHaveLength(8);
    expect(cellIn(comparison.rows[0]![1]!, comparison.columns[1]!, "fr")).toBe("Pays A00");
    // value of administration a at quarter q (0-based) is a + q: latest quarter q = 2
    expect(comparison.rows.slice(0, 4).map((r) => r[2])).toEqual([2, 3, 4, 5]);
    const matrix = tableOf(spec, "attainment");
    expect(matrix.columns.map((c) => c.id)).toEqual(["administration", "rag:IND-000", "rag:IND-001"]);
    // rag of (a, c) = [green, amber, red, none][(a + c) mod 4]
    expect(matrix.rows.map((r) => r.slice(1))).toEqual([
      ["green", "amber"],
      ["amber", "red"],
      ["red", null],
      [null, "green"],
    ]);
    expect(cellIn(matrix.rows[1]![1]!, matrix.columns[1]!, "fr")).toBe("Orange");
    expect(spec.rag).toEqual([
      { table: "trend", column: "rag" },
      { table: "comparison", column: "rag" },
      { table: "attainment", column: "rag:IND-000" },
      { table: "attainment", column: "rag:IND-001" },
    ]);
  });

  it("completeness and timeliness: who has not reported, who was late", () => {
    const spec = indicatorDashboard(indicatorReports(2, 2, 6));
    const c = tableOf(spec, "completeness");
    expect(c.title.en).toBe("Completeness and timeliness (2021Q4, due 2022-01-30)");
    expect(c.rows[0]!.slice(1, 4)).toEqual([0, 0, 4]);
    expect(c.rows[0]![7]).toBe("IND-000");
    expect(c.rows[4]![8]).toBe("IND-001");
    const chart = spec.charts.find((x) => x.id === "completeness")!;
    expect(chart.percent).toBe(true);
    expect(indicatorDashboard(indicatorReports(2, 2, 6, false)).tables.map((t) => t.id)).not.toContain("completeness");
  });

  it("latest period: the one that ends last", () => {
    expect(latestPeriod(indicatorReport(1, 6, 1))).toBe("2022Q2");
    expect(latestPeriod({ indicators: [] })).toBeNull();
  });
});

describe("fetching the reports through the typed client", () => {
  it("asks for the three groupings and the previous meeting; no previous meeting is no section", async () => {
    const api = new FakeApi();
    const data = recommendationReports(5);
    api.reports.set("/v1/reports/recommendations?groupBy=recommendation&meetingId=PC11", data.byRecommendation);
    api.reports.set("/v1/reports/recommendations?groupBy=addressee&meetingId=PC11", data.byAddressee);
    api.reports.set("/v1/reports/recommendations?groupBy=administration&meetingId=PC11", data.byAdministration);
    const client = apiClient("https://api.test", api.token, api.fetch);
    const got = await fetchRecommendationReports(client, { meetingId: "PC11" }, { now: () => new Date("2024-05-02T10:00:00Z") });
    expect(got.byAddressee.rows).toHaveLength(data.byAddressee.rows.length);
    expect(got.previous).toBeNull(); // 404: the fake has no previous-meeting report
    expect(api.requests.map((r) => r.url).sort()).toEqual([
      "/v1/reports/meetings/PC11/previous",
      "/v1/reports/recommendations?groupBy=addressee&meetingId=PC11",
      "/v1/reports/recommendations?groupBy=administration&meetingId=PC11",
      "/v1/reports/recommendations?groupBy=recommendation&meetingId=PC11",
    ]);
    api.reports.set("/v1/reports/meetings/PC11/previous", data.previous);
    expect((await fetchRecommendationReports(client, { meetingId: "PC11" })).previous?.previousMeetingId).toBe("PC10");
  });

  it("measures completeness on the latest period of the year's report", async () => {
    const api = new FakeApi();
    api.reports.set("/v1/reports/indicators?year=2021", indicatorReport(2, 4, 3));
    api.reports.set("/v1/reports/completeness?period=2021Q4", completenessReport("2021Q4", 3));
    const got = await fetchIndicatorReports(apiClient("https://api.test", api.token, api.fetch), { year: "2021" });
    expect(got.completeness?.period).toBe("2021Q4");
    expect(api.requests.map((r) => r.url)).toEqual(["/v1/reports/indicators?year=2021", "/v1/reports/completeness?period=2021Q4"]);
  });
});

describe("the dashboard in the page", () => {
  it("draws accessible tables and SVG charts from the same definitions", () => {
    const spec = recommendationDashboard(recommendationReports(12));
    const root = renderDashboard(document, spec, "fr");
    document.body.replaceChildren(root);
    const heading = root.querySelector("h2")!;
    expect(root.getAttribute("aria-labelledby")).toBe(heading.id);
    expect(root.querySelector("time")!.getAttribute("datetime")).toBe("2024-05-02T10:00:00.000Z");
    expect(root.querySelector("time")!.textContent).toBe("Données au 02/05/2024 10:00 UTC");
    const status = root.querySelector('table[data-table="status"]')!;
    expect(status.querySelector("caption")!.textContent).toBe("Mise en œuvre par statut");
    expect([...status.querySelectorAll("thead th")].map((th) => th.getAttribute("scope"))).toEqual(["col", "col", "col"]);
    const first = status.querySelector("tbody tr")!;
    expect(first.querySelector("th")!.getAttribute("scope")).toBe("row");
    expect([...first.children].map((c) => c.textContent!.replace(/\s/g, " "))).toEqual(["Non entamé", "3", "15 %"]);
    // One SVG per chart definition, each labelled by its title and a text description of its figures.
    const figures = root.querySelectorAll("figure[data-chart]");
    expect([...figures].map((f) => f.getAttribute("data-chart"))).toEqual(spec.charts.map((c) => c.id));
    const pie = root.querySelector('figure[data-chart="status"] svg')!;
    expect(pie.getAttribute("role")).toBe("img");
    const [titleId, descId] = pie.getAttribute("aria-labelledby")!.split(" ");
    expect(pie.querySelector(`[id="${titleId}"]`)!.textContent).toBe("Suivis par statut");
    expect(pie.querySelector(`[id="${descId}"]`)!.textContent).toBe("Non entamé: 3; En cours: 5; Réalisé: 10; Sans objet: 2");
    expect(pie.querySelectorAll("path.slice")).toHaveLength(4);
    // A stacked bar per administration and status.
    const admins = tableOf(spec, "administrations");
    const bars = root.querySelectorAll('figure[data-chart="administrations"] rect.bar');
    expect(bars).toHaveLength(admins.rows.length * 4);
    // Its legend names the four statuses, each inside the drawing.
    const stacked = root.querySelector('figure[data-chart="administrations"] svg')!;
    const drawing = { width: Number(stacked.getAttribute("width")), height: Number(stacked.getAttribute("height")) };
    const labels = [...stacked.querySelectorAll("text.legend-label")];
    expect(labels.map((t) => t.textContent)).toEqual(["Non entamé", "En cours", "Réalisé", "Sans objet"]);
    for (const label of labels) {
      const x = Number(label.getAttribute("x"));
      expect(x + label.textContent!.length * 6.5).toBeLessThanOrEqual(drawing.width);
      expect(Number(label.getAttribute("y"))).toBeLessThanOrEqual(drawing.height);
    }
  });

  it("lays a long legend out on as many lines as the width needs", () => {
    const names = ["Non entamé", "En cours de mise en œuvre", "Réalisé", "Sans objet", "Not started", "In progress"];
    const layout = legendLayout(names, 360);
    expect(layout[0]).toEqual({ x: 8, line: 0 });
    expect(Math.max(...layout.map((l) => l.line))).toBeGreaterThan(0);
    layout.forEach((l, i) => expect(l.x + 14 + names[i]!.length * 6.5).toBeLessThanOrEqual(360 - 8));
    expect(legendLayout(["A", "B"], 360).map((l) => l.line)).toEqual([0, 0]);
  });

  it("draws rates against 100 %, not against the largest rate", () => {
    const spec = recommendationDashboard(recommendationReports(12));
    const chart = spec.charts.find((c) => c.id === "rate")!;
    expect(chart.percent).toBe(true);
    const only = { ...spec, charts: [chart], sections: [{ ...spec.sections[0]!, tables: [chart.table], charts: [chart.id] }] };
    const table = tableOf(spec, chart.table);
    const rateColumn = table.columns.findIndex((c) => c.id === "implementationRate");
    const rates = table.rows.map((r) => Number(r[rateColumn] ?? 0));
    const root = renderDashboard(document, only, "en");
    const bars = [...root.querySelectorAll("svg rect.bar")].map((b) => Number(b.getAttribute("width")));
    // A horizontal bar chart's plot spans the drawing's width less its 160 px labels and 20 px margin.
    const plot = Number(root.querySelector("svg")!.getAttribute("width")) - 160 - 20;
    // Each bar's length is its rate of the whole plot width: the largest rate below 100 % leaves room.
    bars.forEach((width, i) => expect(width).toBeCloseTo((rates[i] ?? 0) * plot, 3));
    expect(Math.max(...bars)).toBeLessThan(plot);
  });

  it("shows RAG as words and colours, and caps long tables with a note", () => {
    const spec = indicatorDashboard(indicatorReports(3, 4, 5));
    const root = renderDashboard(document, spec, "en", { maxRows: 4 });
    const cell = root.querySelector('table[data-table="attainment"] td.rag-amber')!;
    expect(cell.textContent).toBe("Amber");
    expect(root.querySelector('table[data-table="trend"] tbody')!.children).toHaveLength(4);
    expect([...root.querySelectorAll(".dash-note")].map((p) => p.textContent)).toContain("First 4 rows of 12.");
    const line = root.querySelector('figure[data-chart="trend:IND-000"] svg')!;
    expect(line.querySelectorAll("circle")).toHaveLength(4);
    expect(line.querySelector("desc")!.textContent).toBe("2021Q1: 10; 2021Q2: 20; 2021Q3: 30; 2021Q4: 40");
    const completeness = root.querySelector('figure[data-chart="completeness"] svg')!;
    // Two series (reporting, timeliness) for 5 administrations; a rate of 0 is a bar of no length, not a missing one.
    expect(completeness.querySelectorAll("rect.bar")).toHaveLength(5 * 2);
    expect([...completeness.querySelectorAll("rect.bar")].filter((r) => r.getAttribute("width") === "0")).toHaveLength(3); // A00: both rates 0; A01: timeliness 0
  });
});
