import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readWorkbookGrids } from "../../cli/xlsx-grid";
import { parseSheet } from "../../shared/pipeline/parse-sheet";
import { loadReferenceData } from "../../shared/reference";
import type { SheetChange } from "../workbook/adapter";
import { marksFromIssues } from "../workbook/marks";
import { buildTemplate } from "../workbook/template";
import { recommendationDashboard } from "../dashboards/recommendations";
import { recommendationReports } from "../dashboards/test-reports";
import { layoutDashboard } from "../excel/dashboard-sheet";
import { followUpTable } from "../sync/region-table";
import { DATA_SHEET, MemoryWorkbook, parseEntry } from "./memory-workbook";

const ref = loadReferenceData();
// The sample workbooks sit beside the repository (../shared/fixtures from its root).
const fixture = (name: string) => resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/fixtures", name);

async function open(name: string): Promise<MemoryWorkbook> {
  const bytes = await readFile(fixture(name));
  return MemoryWorkbook.fromBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, name);
}

/** Save and load again, as the user would with the .xlsx. */
async function roundTrip(workbook: MemoryWorkbook): Promise<MemoryWorkbook> {
  const blob = await workbook.save();
  return MemoryWorkbook.fromBuffer(await blob.arrayBuffer(), workbook.fileName);
}

describe("the in-memory workbook", () => {
  it("reads a fixture's sheets as the CLI does (Excel's Range.values shape)", async () => {
    for (const file of ["suivi-recommandations-civ-2021.xlsx", "kpi-gambia-2021.xlsx", "consolidation-indicateurs-brrc-2021.xlsx"]) {
      const workbook = await open(file);
      const cli = await readWorkbookGrids(fixture(file));
      expect(await workbook.listSheets()).toEqual(cli.map((s) => s.name));
      for (const sheet of cli) expect(await workbook.readSheet(sheet.name)).toEqual(sheet);
    }
  });

  it("refuses a file that is not a workbook, with a message that says what to do", async () => {
    const bytes = new TextEncoder().encode("not a zip").buffer as ArrayBuffer;
    await expect(MemoryWorkbook.fromBuffer(bytes, "notes.txt")).rejects.toMatchObject({
      userMessage: { fr: expect.stringContaining("Enregistrez-le au format .xlsx"), en: expect.stringContaining("Save it as .xlsx") },
    });
  });

  it("marks the BRRC sheet's errors, keeps the marks in the saved file, and the next check removes exactly them", async () => {
    let workbook = await open("consolidation-indicateurs-brrc-2021.xlsx");
    const sheet = "Consolidation";
    workbook.worksheet(sheet).getCell("A2").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FF00B050" } };
    const result = parseSheet(await workbook.readSheet(sheet), ref);
    const marks = marksFromIssues(result.issues, "fr");
    expect(marks.map((m) => m.row)).toEqual([12, 13, 14, 15, 17, 18, 19]);
    const report = await workbook.applyMarks(sheet, marks);
    expect(report).toMatchObject({ marked: 7, cleared: 0, notesSkipped: 0 });

    workbook = await roundTrip(workbook);
    const ws = workbook.worksheet(sheet);
    expect(ws.getCell("E12").note).toContain("135");
    expect((ws.getCell("E12").fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe("FFFFC7CE");
    expect(workbook.workbook.getWorksheet(DATA_SHEET)?.state).toBe("veryHidden");
    expect(await workbook.listSheets()).not.toContain(DATA_SHEET);

    // The user fixes E12; the next check repaints the others and gives E12 back its own (empty) fill.
    workbook.editCell(sheet, 12, 5, "35%");
    const again = parseSheet(await workbook.readSheet(sheet), ref);
    await workbook.applyMarks(sheet, marksFromIssues(again.issues, "fr"));
    expect(ws.getCell("E12").fill).toBeUndefined();
    expect(ws.getCell("E12").note).toBeUndefined();
    expect(ws.getCell("E13").note).toContain("-12");
    await workbook.clearMarks(sheet);
    expect(ws.getCell("E13").fill).toBeUndefined();
    expect((ws.getCell("A2").fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe("FF00B050");
    expect(workbook.workbook.getWorksheet(DATA_SHEET)).toBeUndefined();
  });

  it("stores typed text as Excel would and tells the watchers which row changed", async () => {
    const workbook = await open("suivi-recommandations-civ-2021.xlsx");
    const changes: SheetChange[] = [];
    const stop = await workbook.watch("Suivi recommandations", (c) => changes.push(c));
    workbook.editCell("Suivi recommandations", 7, 5, "Peut-être");
    workbook.editCell("Suivi recommandations", 7, 6, "75");
    expect(changes).toEqual([
      { sheet: "Suivi recommandations", rows: [{ first: 7, last: 7 }], lastColumn: 5 },
      { sheet: "Suivi recommandations", rows: [{ first: 7, last: 7 }], lastColumn: 6 },
    ]);
    const rows = await workbook.readRows("Suivi recommandations", [{ first: 7, last: 7 }], { first: 1, last: 8 });
    expect(rows[0]?.values.slice(4, 6)).toEqual(["Peut-être", 0.75]); // 75 typed into a 0% cell is 75 %
    await stop();
    workbook.editCell("Suivi recommandations", 7, 5, "Réalisé");
    expect(changes).toHaveLength(2);

    expect(parseEntry("1 234", "General")).toEqual({ value: "1 234" });
    expect(parseEntry("47,5", "General")).toEqual({ value: 47.5 });
    expect(parseEntry("2021", "@")).toEqual({ value: "2021" });
    expect(parseEntry("31/12/2021", "General")).toEqual({ value: 44561, format: "dd/mm/yyyy" });
    expect(parseEntry("=1+1", "General")).toEqual({ value: "=1+1" });
  });

  it("creates templates that survive the .xlsx and read back clean", async () => {
    let workbook = await MemoryWorkbook.empty("Feuil1", "nouveau.xlsx");
    const followUp = buildTemplate({ kind: "follow-up", meetingId: "PC11", actorId: "CI", lang: "fr" }, ref);
    const name = await workbook.createTemplate(followUp);
    expect(await workbook.activeSheet()).toBe(name);
    const indicators = buildTemplate({ kind: "indicator-values", indicatorCodes: ["CB-TRAIN", "ENF-INSP"], year: 2021, actorId: "CI", lang: "en" }, ref);
    const second = await workbook.createTemplate(indicators);

    workbook = await roundTrip(workbook);
    expect(await workbook.loadSettings(name)).toEqual(followUp.settings);
    const ws = workbook.worksheet(name);
    expect(ws.getCell("D5").dataValidation).toMatchObject({ type: "list", formulae: ['"Non entamé,En cours,Réalisé,Sans objet"'] });
    expect(ws.getCell("C5").dataValidation?.formulae?.[0]).toMatch(/^'OMD-AOC listes'!\$A\$1:\$A\$\d+$/);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 4 });
    const settings = await workbook.loadSettings(name);
    expect(parseSheet(await workbook.readSheet(name), ref, settings).issues).toEqual([]);

    // The user types the values (42 in every cell; 42 % in the percent ones) and the sheet is clean.
    const rows = indicators.rows.length;
    for (let r = 0; r < rows; r++) workbook.editCell(second, 5 + r, 6, "42");
    const result = parseSheet(await workbook.readSheet(second), ref, await workbook.loadSettings(second));
    expect(result.issues).toEqual([]);
    expect(result.indicatorValues.map((v) => v.value)).toEqual(Array(rows).fill(42));
  });

  it("writes the issues sheet with links, and rewrites it in place", async () => {
    const workbook = await open("consolidation-indicateurs-brrc-2021.xlsx");
    const { buildIssuesTable } = await import("../workbook/issues-table");
    const result = parseSheet(await workbook.readSheet("Consolidation"), ref);
    await workbook.writeIssuesSheet(buildIssuesTable(result, "fr"));
    await workbook.writeIssuesSheet(buildIssuesTable(result, "fr"));
    const ws = workbook.worksheet("Anomalies");
    expect(ws.getCell("A4").value).toEqual({ formula: `HYPERLINK("#'Consolidation'!E12","E12")`, result: "E12" });
    expect(ws.getCell("A1").value).toBe("Anomalies de la feuille « Consolidation » (7)");
    expect(ws.actualRowCount).toBe(2 + 7);
  });

  it("keeps a workbook id in the file: made once, the same after saving and opening again", async () => {
    const workbook = await open("suivi-recommandations-civ-2021.xlsx");
    const id = await workbook.workbookId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await workbook.workbookId()).toBe(id);
    const again = await roundTrip(workbook);
    expect(await again.workbookId()).toBe(id);
    expect(await (await open("suivi-recommandations-civ-2021.xlsx")).workbookId()).not.toBe(id);
  });

  it("writes the region's table on a sheet of its own and refreshes it in place by key, keeping the user's columns", async () => {
    const workbook = await MemoryWorkbook.empty("Suivi", "suivi.xlsx");
    const record = (i: number, comment: string | null, version = 1) => ({
      key: { recommendationId: `PC11-R0${i}`, actorId: "CI" },
      fields: { status: "in-progress" as const, progress: 50, actions: "=SOMME(A1)", due: null, evidence: null, comment, updatedOn: "2021-11-15" },
      version,
      review: { state: "none" as const, comment: null, reviewedAt: null, reviewedBy: null },
      receivedAt: "2024-05-01T08:00:00Z",
      updatedAt: "2024-05-01T08:00:00Z",
      updatedBy: "CI",
    });
    const first = await workbook.writeRegionTable(followUpTable([record(2, null), record(1, "a")], "fr"));
    expect(first).toEqual({ sheet: "Région", created: true, updated: 0, appended: 2 });
    expect(await workbook.listSheets()).toEqual(["Suivi", "Région"]);
    const ws = workbook.worksheet("Région");
    expect([ws.getCell("A1").value, ws.getCell("A2").value, ws.getCell("A3").value]).toEqual(["Clé", "PC11-R01/CI", "PC11-R02/CI"]);
    // Text that looks like a formula stays text.
    expect(ws.getCell("F2").value).toBe("=SOMME(A1)");
    expect(ws.getCell("F2").numFmt).toBe("@");
    // The user adds a column of their own beside the table.
    ws.getCell("P1").value = "Mon suivi";
    ws.getCell("P2").value = "à relancer";
    const second = await workbook.writeRegionTable(followUpTable([record(1, "b", 2), record(2, null), record(3, null)], "fr"));
    expect(second).toEqual({ sheet: "Région", created: false, updated: 2, appended: 1 });
    expect([ws.getCell("A2").value, ws.getCell("I2").value, ws.getCell("L2").value, ws.getCell("P2").value]).toEqual(["PC11-R01/CI", "b", 2, "à relancer"]);
    expect(ws.getCell("A4").value).toBe("PC11-R03/CI");
    expect(await workbook.listSheets()).toEqual(["Suivi", "Région"]);
    // Remembered in the file.
    const again = await roundTrip(workbook);
    expect((await again.writeRegionTable(followUpTable([record(1, "b", 2)], "fr"))).created).toBe(false);
    // A sheet whose key column was changed is not written over.
    ws.getCell("A1").value = "Autre chose";
    await expect(workbook.writeRegionTable(followUpTable([record(1, "c", 3)], "fr"))).rejects.toMatchObject({ code: "region-table-changed" });
  });

  it("writes conflict choices as Excel takes them, and, like Excel, raises no change event for the add-in's own writes", async () => {
    const workbook = await open("suivi-recommandations-civ-2021.xlsx");
    const changes: SheetChange[] = [];
    await workbook.watch("Suivi recommandations", (c) => changes.push(c));
    await workbook.writeCells("Suivi recommandations", [
      { row: 9, column: 8, value: "=vu", numberFormat: "@", field: "comment" },
      { row: 7, column: 6, value: 0.75, field: "progress" },
    ]);
    const input = await workbook.readSheet("Suivi recommandations");
    expect(input.values[8]![7]).toBe("=vu");
    expect(input.values[6]![5]).toBe(0.75);
    expect(changes).toEqual([]);
    workbook.editCell("Suivi recommandations", 9, 8, "vu");
    expect(changes).toEqual([{ sheet: "Suivi recommandations", rows: [{ first: 9, last: 9 }], lastColumn: 8 }]);
  });

  it("builds a dashboard sheet drawn in the page, rebuilt in place, leaving the user's cells beside it", async () => {
    const workbook = await open("suivi-recommandations-civ-2021.xlsx");
    const spec = recommendationDashboard(recommendationReports(3, { previous: true, asOf: "2024-05-01" }));
    const built = await workbook.writeDashboard(spec, "fr");
    expect(built).toMatchObject({ sheet: "TdB recommandations", created: true, tables: spec.tables.length, charts: spec.charts.length });
    expect(await workbook.activeSheet()).toBe("TdB recommandations");
    expect(workbook.dashboardOf("TdB recommandations")?.spec).toBe(spec);
    const ws = workbook.worksheet("TdB recommandations");
    expect(ws.getCell("A1").value).toBe(spec.title.fr);
    expect(ws.getCell("A3").value).toBe("Données au 01/05/2024");
    const far = ws.getColumn(40).letter;
    ws.getCell(`${far}2`).value = "note de l'utilisateur";
    const fewer = recommendationDashboard(recommendationReports(1, { asOf: "2024-06-01" }));
    const refreshed = await workbook.writeDashboard(fewer, "fr");
    expect(refreshed).toMatchObject({ sheet: "TdB recommandations", created: false });
    expect((await workbook.listSheets()).filter((n) => n.startsWith("TdB"))).toHaveLength(1);
    expect(ws.getCell("A3").value).toBe("Données au 01/06/2024");
    expect(ws.getCell(`${far}2`).value).toBe("note de l'utilisateur");
    // Nothing of the longer dashboard is left below the shorter one.
    const rows: number[] = [];
    ws.eachRow((row, r) => row.eachCell((cell, c) => c < 40 && cell.value !== null && rows.push(r)));
    expect(Math.max(...rows)).toBeLessThanOrEqual(layoutDashboard(fewer, "fr").lastRow + 1);
  });
});
