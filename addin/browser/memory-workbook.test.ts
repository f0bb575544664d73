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
});
