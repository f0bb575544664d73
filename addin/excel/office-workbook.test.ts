import { describe, expect, it } from "vitest";
import { STORE_NAMESPACE, storeFromXml } from "../workbook/marks";
import { ALL_CAPABILITIES, MINIMUM_CAPABILITIES, type ExcelCapabilities } from "./capabilities";
import { changeFromEvent } from "./events";
import { FAKE_PAYLOAD_LIMIT, FakeExcel, FakeOfficeError, type FakeContext, type SyncRecord } from "./fake-excel";
import { issuesTableFor, marksFor, measureActions, templateFor, trackingSheet } from "./measure";
import { OfficeWorkbook, type Runner } from "./office-workbook";
import { WORKBOOK_ID_KEY } from "./settings";

/** An OfficeWorkbook over the fake: each call is one Excel.run on a fresh context, its syncs recorded. */
function setup(caps: ExcelCapabilities = ALL_CAPABILITIES, sheets = ["Suivi"]) {
  const excel = new FakeExcel(sheets);
  let runs: SyncRecord[][] = [];
  const runner: Runner = async (batch, reuse) => {
    const context = (reuse as unknown as FakeContext | undefined) ?? excel.newContext();
    if (!reuse) runs.push(context.syncs);
    return batch(context as unknown as Excel.RequestContext);
  };
  const workbook = new OfficeWorkbook(runner, caps);
  /** The syncs of the calls made since the last `take`. */
  const take = () => {
    const all = runs.flat();
    runs = [];
    return all;
  };
  return { excel, workbook, take };
}

function putSheet(excel: FakeExcel, name: string, n: number, at = "C5") {
  const { values, numberFormats } = trackingSheet(n);
  excel.model.setValues(name, values as (string | number | boolean)[][], { at, numberFormats });
  return values;
}

function expectWithinLimit(syncs: SyncRecord[]) {
  for (const s of syncs) {
    expect(s.requestBytes).toBeLessThanOrEqual(FAKE_PAYLOAD_LIMIT);
    expect(s.responseBytes).toBeLessThanOrEqual(FAKE_PAYLOAD_LIMIT);
  }
}

/**
 * The same number of syncs at both sizes, apart from chunks the 5 MB limit forces: the extra syncs at the
 * large size must be justified by its bytes (no more than twice the minimum number of 5 MB requests).
 */
function expectConstantSyncs(small: SyncRecord[], large: SyncRecord[]) {
  expectWithinLimit(small);
  expectWithinLimit(large);
  const bytes = large.reduce((n, s) => n + Math.max(s.requestBytes, s.responseBytes), 0);
  const extra = large.length - small.length;
  expect(extra).toBeGreaterThanOrEqual(0);
  expect(extra).toBeLessThanOrEqual(2 * Math.ceil(bytes / FAKE_PAYLOAD_LIMIT));
  return extra;
}

describe("reading a sheet", () => {
  it("reads the used range's values, formats and origin in two syncs", async () => {
    const { excel, workbook, take } = setup();
    const values = putSheet(excel, "Suivi", 100);
    const input = await workbook.readSheet("Suivi");
    expect(input.origin).toEqual({ row: 4, column: 2 });
    expect(input.values.length).toBe(values.length);
    expect(input.values[3]).toEqual(values[3]);
    expect(input.numberFormats?.[3]?.[4]).toBe("0%");
    expect(input.values[0]?.[0]).toBe("TABLEAU DE SUIVI DES RECOMMANDATIONS");
    expect(take()).toHaveLength(2);
  });

  it("costs the same syncs at 50,000 rows, apart from the chunks forced by the 5 MB limit", { timeout: 60_000 }, async () => {
    const small = setup();
    putSheet(small.excel, "Suivi", 100);
    await small.workbook.readSheet("Suivi");
    const large = setup();
    const values = putSheet(large.excel, "Suivi", 50_000);
    const input = await large.workbook.readSheet("Suivi");
    expect(input.values).toHaveLength(values.length);
    expect(input.values[50_002]).toEqual(values[50_002]);
    const extra = expectConstantSyncs(small.take(), large.take());
    // 50,000 rows of real text are more than 5 MB: the read must be chunked, not refused.
    expect(extra).toBeGreaterThan(0);
  });

  it("retries with smaller chunks when the rows after the sample are larger than it said", { timeout: 60_000 }, async () => {
    const { excel, workbook, take } = setup();
    const values = putSheet(excel, "Suivi", 30_000, "A1");
    // Rows far below the sample carry long texts: the first estimate is too small.
    for (let r = 1000; r < 30_000; r++) values[r]![7] = "x".repeat(300);
    excel.model.setValues("Suivi", values as (string | number | boolean)[][]);
    const input = await workbook.readSheet("Suivi");
    expect(input.values[29_000]?.[7]).toBe("x".repeat(300));
    const syncs = take();
    expect(syncs.some((s) => s.responseBytes > FAKE_PAYLOAD_LIMIT)).toBe(true); // refused once, then retried
    expect(syncs.at(-1)!.responseBytes).toBeLessThanOrEqual(FAKE_PAYLOAD_LIMIT);
  });

  it("reads only the changed rows after an edit, in one sync", { timeout: 60_000 }, async () => {
    const { excel, workbook, take } = setup();
    putSheet(excel, "Suivi", 50_000, "A1");
    take();
    const rows = await workbook.readRows("Suivi", [{ first: 10, last: 11 }, { first: 40_000, last: 40_000 }], { first: 1, last: 8 });
    expect(rows.map((r) => r.row)).toEqual([10, 11, 40_000]);
    expect(rows[2]?.values[0]).toBe(39_997);
    const syncs = take();
    expect(syncs).toHaveLength(1);
    expect(syncs[0]!.responseBytes).toBeLessThan(10_000);
  });
});

describe("marks", () => {
  it("paints fills and notes, then removes exactly its own marks, giving back the user's fill and notes", async () => {
    const { excel, workbook } = setup();
    putSheet(excel, "Suivi", 10, "A1");
    const sheet = excel.model.sheet("Suivi");
    sheet.ensure(4, 1).fill = "#FFFF00"; // B5: the user's yellow
    sheet.notes.set("C6", "ma note"); // C6: the user's own note

    const report = await workbook.applyMarks("Suivi", [
      { row: 5, column: 2, severity: "error", note: "OMD-AOC : B5" },
      { row: 6, column: 3, severity: "warning", note: "OMD-AOC : C6" },
      { row: 7, column: 4, severity: "error", note: "OMD-AOC : D7" },
    ]);
    expect(report).toMatchObject({ marked: 3, cleared: 0, notesSkipped: 1, notesSupported: true });
    expect(sheet.cell(4, 1)?.fill).toBe("#FFC7CE");
    expect(sheet.cell(5, 2)?.fill).toBe("#FFEB9C");
    expect(sheet.notes.get("B5")).toBe("OMD-AOC : B5");
    expect(sheet.notes.get("C6")).toBe("ma note");
    expect(sheet.notes.get("D7")).toBe("OMD-AOC : D7");
    const store = storeFromXml(excel.model.xmlParts.find((p) => p.namespace === STORE_NAMESPACE)?.xml);
    expect(store.sheets[sheet.id]?.marks.find((m) => m.a === "B5")?.f).toBe("#FFFF00");

    // The user fixes B5 and re-colours D7 green; the next check finds only D7 and C6 wrong.
    sheet.ensure(6, 3).fill = "#00FF00";
    await workbook.applyMarks("Suivi", [
      { row: 6, column: 3, severity: "warning", note: "OMD-AOC : C6" },
      { row: 7, column: 4, severity: "error", note: "OMD-AOC : D7" },
    ]);
    expect(sheet.cell(4, 1)?.fill).toBe("#FFFF00");
    expect(sheet.notes.has("B5")).toBe(false);
    expect(sheet.cell(6, 3)?.fill).toBe("#FFC7CE");

    const cleared = await workbook.clearMarks("Suivi");
    expect(cleared).toBe(2);
    expect(sheet.cell(5, 2)?.fill).toBeNull();
    expect(sheet.cell(6, 3)?.fill).toBe("#00FF00"); // the user's green, remembered when we painted over it
    expect(sheet.notes.get("C6")).toBe("ma note");
    expect(sheet.notes.has("D7")).toBe(false);
    expect(excel.model.xmlParts).toHaveLength(0);
  });

  it("leaves a fill the user changed after the mark, and a note the user edited", async () => {
    const { excel, workbook } = setup();
    putSheet(excel, "Suivi", 10, "A1");
    const sheet = excel.model.sheet("Suivi");
    await workbook.applyMarks("Suivi", [{ row: 5, column: 2, severity: "error", note: "OMD-AOC : x" }]);
    sheet.ensure(4, 1).fill = "#0000FF";
    sheet.notes.set("B5", "OMD-AOC : x — vu, corrigé demain");
    await workbook.clearMarks("Suivi");
    expect(sheet.cell(4, 1)?.fill).toBe("#0000FF");
    expect(sheet.notes.get("B5")).toBe("OMD-AOC : x — vu, corrigé demain");
  });

  it("replaces only the marks on the re-checked rows", async () => {
    const { excel, workbook } = setup();
    putSheet(excel, "Suivi", 10, "A1");
    const sheet = excel.model.sheet("Suivi");
    await workbook.applyMarks("Suivi", marksFor(3, 5)); // D5, D6, D7
    await workbook.applyMarks("Suivi", [], { rows: [6] });
    expect(sheet.cell(4, 3)?.fill).toBe("#FFEB9C");
    expect(sheet.cell(5, 3)?.fill).toBeNull();
    expect(sheet.cell(6, 3)?.fill).toBe("#FFC7CE");
  });

  it("uses comments where notes are missing, and fills only where neither exists", async () => {
    const withComments = setup({ ...MINIMUM_CAPABILITIES, comments: true });
    putSheet(withComments.excel, "Suivi", 10, "A1");
    await withComments.workbook.applyMarks("Suivi", marksFor(2, 5));
    const sheet = withComments.excel.model.sheet("Suivi");
    expect(sheet.comments.map((c) => c.address)).toEqual(["D5", "D6"]);
    await withComments.workbook.clearMarks("Suivi");
    expect(sheet.comments).toHaveLength(0);

    const bare = setup(MINIMUM_CAPABILITIES);
    putSheet(bare.excel, "Suivi", 10, "A1");
    const report = await bare.workbook.applyMarks("Suivi", marksFor(2, 5));
    expect(report.notesSupported).toBe(false);
    expect(bare.excel.model.sheet("Suivi").cell(4, 3)?.fill).toBe("#FFEB9C");
    await bare.workbook.clearMarks("Suivi");
    expect(bare.excel.model.sheet("Suivi").cell(4, 3)?.fill).toBeNull();
  });

  it("marks and clears at 50,000 rows with the syncs of 100, apart from forced chunks", { timeout: 60_000 }, async () => {
    const sizes = [100, 50_000].map((n) => {
      const s = setup();
      putSheet(s.excel, "Suivi", n, "A1");
      return { ...s, n };
    });
    const counts = [];
    for (const s of sizes) {
      s.take();
      await s.workbook.applyMarks("Suivi", marksFor(s.n, 5));
      const mark = s.take();
      await s.workbook.clearMarks("Suivi");
      const clear = s.take();
      expect(s.excel.model.sheet("Suivi").notes.size).toBe(0);
      counts.push({ mark, clear });
    }
    expect(counts[0]!.mark).toHaveLength(4);
    expect(counts[0]!.clear).toHaveLength(4);
    expectConstantSyncs(counts[0]!.mark, counts[1]!.mark);
    expectConstantSyncs(counts[0]!.clear, counts[1]!.clear);
  });
});

describe("issues sheet", () => {
  it("writes the issues as text, links each to its cell, and rewrites the sheet in place", async () => {
    const { excel, workbook, take } = setup();
    putSheet(excel, "Suivi 2021", 10, "A1");
    take();
    await workbook.writeIssuesSheet(issuesTableFor(3));
    expect(take()).toHaveLength(2);
    const sheet = excel.model.sheet("Anomalies");
    expect(sheet.cell(3, 3)?.value).toBe("2021"); // text, not the number 2021
    expect(sheet.cell(3, 3)?.numberFormat).toBe("@");
    expect(sheet.cell(4, 3)?.value).toBe("=SUM(A1:A3)"); // data, never a formula
    expect(sheet.cell(4, 3)?.formula).toBeUndefined();
    expect(sheet.cell(3, 0)?.formula).toBe(`=HYPERLINK("#'Suivi 2021'!D4","D4")`);
    expect(sheet.frozenRows).toBe(3);

    await workbook.writeIssuesSheet(issuesTableFor(1));
    expect(excel.model.sheets.filter((s) => s.name === "Anomalies")).toHaveLength(1);
    expect(sheet.cell(4, 0)).toBeUndefined();
  });

  it("costs the same syncs for 50,000 issues, apart from forced chunks", { timeout: 60_000 }, async () => {
    const small = setup();
    await small.workbook.writeIssuesSheet(issuesTableFor(100));
    const large = setup();
    await large.workbook.writeIssuesSheet(issuesTableFor(50_000));
    expect(large.excel.model.sheet("Anomalies").cell(50_002, 4)?.value).toContain("49999");
    expectConstantSyncs(small.take(), large.take());
  });
});

describe("templates", () => {
  it("adds a sheet with text kept as text, dropdowns, formats, a frozen header and its settings", async () => {
    const { excel, workbook, take } = setup();
    const name = await workbook.createTemplate(templateFor(3));
    expect(take()).toHaveLength(2);
    expect(name).toBe("Suivi PC11 CI");
    const sheet = excel.model.sheet(name);
    expect(sheet.cell(3, 0)?.value).toBe("N°");
    expect(sheet.cell(4, 0)?.value).toBe("1"); // text, not 1
    expect(sheet.cell(4, 4)?.value).toBe("=HACK()");
    expect(sheet.cell(4, 4)?.formula).toBeUndefined();
    expect(sheet.cell(5, 4)?.value).toBe("-");
    expect(sheet.cell(4, 3)?.numberFormat).toBe("0%");
    expect(sheet.cell(16, 3)?.numberFormat).toBe("0%"); // spare rows carry the format too
    expect(sheet.frozenRows).toBe(4);
    expect(sheet.validations.find((v) => v.address === "B5:B17")?.rule).toEqual({ list: { inCellDropDown: true, source: "='OMD-AOC listes'!$A$1:$A$2" } });
    expect(sheet.validations.find((v) => v.address === "C5:C17")?.rule).toEqual({ list: { inCellDropDown: true, source: "Non entamé,En cours" } });
    expect(excel.model.sheet("OMD-AOC listes").visibility).toBe("Hidden");
    expect(excel.model.active).toBe(sheet);
    expect(JSON.parse(String(excel.model.settings.get("omd-aoc.sheet.Suivi PC11 CI")))).toEqual(templateFor(1).settings);
    expect(await workbook.loadSettings(name)).toEqual(templateFor(1).settings);

    expect(await workbook.createTemplate(templateFor(1))).toBe("Suivi PC11 CI (2)");
  });

  it("creates the sheet without dropdowns where Excel has no data validation", async () => {
    const { excel, workbook } = setup(MINIMUM_CAPABILITIES);
    const name = await workbook.createTemplate(templateFor(2));
    expect(excel.model.sheet(name).validations).toHaveLength(0);
    expect(excel.model.sheet(name).cell(4, 2)?.value).toBe("Non entamé");
  });

  it("costs the same syncs for 50,000 rows, apart from forced chunks", { timeout: 60_000 }, async () => {
    const small = setup();
    await small.workbook.createTemplate(templateFor(100));
    const large = setup();
    await large.workbook.createTemplate(templateFor(50_000));
    expect(large.excel.model.sheet("Suivi PC11 CI").cell(50_003, 0)?.value).toBe("50000");
    expectConstantSyncs(small.take(), large.take());
  });
});

describe("the rest of the adapter", () => {
  it("measures each action's round trips for the benchmark", async () => {
    const costs = await measureActions(100);
    expect(Object.fromEntries(Object.entries(costs).map(([k, v]) => [k, v.syncs]))).toEqual({ check: 2, mark: 4, clearMarks: 4, issuesSheet: 2, template: 2 });
    for (const c of Object.values(costs)) expect(c.maxRequestBytes).toBeGreaterThan(0);
  });

  it("knows the active sheet, lists visible sheets and selects a cell", async () => {
    const { excel, workbook } = setup(ALL_CAPABILITIES, ["Suivi", "Cachée", "KPIs"]);
    excel.model.sheet("Cachée").visibility = "Hidden";
    expect(await workbook.listSheets()).toEqual(["Suivi", "KPIs"]);
    expect(await workbook.activeSheet()).toBe("Suivi");
    await workbook.selectCell("KPIs", "E12");
    expect(excel.model.active.name).toBe("KPIs");
    expect(excel.model.selection).toEqual({ sheet: "KPIs", address: "E12" });
  });

  it("turns Office errors into messages that say what to do", async () => {
    const excel = new FakeExcel(["Suivi"]);
    const workbook = new OfficeWorkbook(async () => {
      throw new FakeOfficeError("AccessDenied", "The sheet is protected");
    }, ALL_CAPABILITIES);
    await expect(workbook.readSheet("Suivi")).rejects.toMatchObject({
      name: "WorkbookError",
      code: "AccessDenied",
      userMessage: { fr: expect.stringContaining("Ôtez la protection"), en: expect.stringContaining("Unprotect") },
    });
    void excel;
    const missing = setup();
    await expect(missing.workbook.readSheet("Nope")).rejects.toMatchObject({ code: "ItemNotFound", userMessage: { en: expect.stringContaining("renamed or deleted") } });
  });

  it("reports the user's edits with the rows they touched, and stops when unsubscribed", async () => {
    const { excel, workbook } = setup();
    putSheet(excel, "Suivi", 10, "A1");
    const changes: unknown[] = [];
    const stop = await workbook.watch("Suivi", (c) => changes.push(c));
    await excel.userEdit("Suivi", "D6:E7", [["Peut-être", 2], ["Réalisé", 1]]);
    expect(changes).toEqual([{ sheet: "Suivi", rows: [{ first: 6, last: 7 }], lastColumn: 5 }]);
    await stop();
    await excel.userEdit("Suivi", "D6", [["En cours"]]);
    expect(changes).toHaveLength(1);
  });

  it("reads change events: rows, whole rows, structural changes, and our own writes", () => {
    expect(changeFromEvent("S", { address: "B2:C5", changeType: "RangeEdited" })).toEqual({ sheet: "S", rows: [{ first: 2, last: 5 }], lastColumn: 3 });
    expect(changeFromEvent("S", { address: "3:4", changeType: "RangeEdited" })).toEqual({ sheet: "S", rows: [{ first: 3, last: 4 }] });
    expect(changeFromEvent("S", { address: "A:B", changeType: "RangeEdited" })).toEqual({ sheet: "S", rows: null });
    expect(changeFromEvent("S", { address: "A5", changeType: "RowInserted" })).toEqual({ sheet: "S", rows: null });
    expect(changeFromEvent("S", { address: "A5", changeType: "RangeEdited", triggerSource: "ThisLocalAddin" })).toBeNull();
  });

  it("keeps the workbook's id in its settings: made on first use (2 syncs), read after (1 sync), once per pane", async () => {
    const { excel, workbook, take } = setup();
    const id = await workbook.workbookId();
    expect(take()).toHaveLength(2);
    expect(excel.model.settings.get(WORKBOOK_ID_KEY)).toBe(id);
    expect(await workbook.workbookId()).toBe(id);
    expect(take()).toHaveLength(0);
    const other = new OfficeWorkbook(async (batch) => batch(excel.newContext() as unknown as Excel.RequestContext), ALL_CAPABILITIES);
    expect(await other.workbookId()).toBe(id);
    // A value someone put there by hand that is not an id is replaced.
    excel.model.settings.set(WORKBOOK_ID_KEY, "<script>");
    const fresh = new OfficeWorkbook(async (batch) => batch(excel.newContext() as unknown as Excel.RequestContext), ALL_CAPABILITIES);
    expect(await fresh.workbookId()).not.toBe("<script>");
  });
});
