import { describe, expect, it } from "vitest";
import { generatedFollowUp as record } from "../sync/generated-records";
import { followUpTable, REGION_TABLE_NAMES } from "../sync/region-table";
import { WorkbookError } from "../workbook/adapter";
import { FAKE_PAYLOAD_LIMIT, FakeExcel, gridOf, type SyncRecord } from "./fake-excel";
import { uniqueSheetName, writeCells, writeRegionTable } from "./pull-sheet";

const records = (n: number) => Array.from({ length: n }, (_, i) => record(i + 1));

/** Each call is one Excel.run on a fresh context over the same workbook; its syncs are kept. */
function workbook(sheets = ["Suivi"]) {
  const excel = new FakeExcel(sheets);
  const runs: SyncRecord[][] = [];
  const run = <T>(batch: (c: Excel.RequestContext) => Promise<T>) => {
    const context = excel.newContext();
    runs.push(context.syncs);
    return batch(context as unknown as Excel.RequestContext);
  };
  return { excel, run, lastSyncs: () => runs.at(-1)! };
}

function expectWithinLimit(syncs: SyncRecord[]) {
  for (const s of syncs) {
    expect(s.requestBytes).toBeLessThanOrEqual(FAKE_PAYLOAD_LIMIT);
    expect(s.responseBytes).toBeLessThanOrEqual(FAKE_PAYLOAD_LIMIT);
  }
}

const table = (excel: FakeExcel) => excel.model.tables.find((t) => t.name === REGION_TABLE_NAMES.followUps)!;

describe("pulling into the Région sheet", () => {
  it("creates the sheet and a native table, key first, text written as text", async () => {
    const { excel, run } = workbook();
    const report = await run((c) => writeRegionTable(c, followUpTable(records(100), "fr")));
    expect(report).toMatchObject({ sheet: "Région", created: true, appended: 100, syncs: 2, forced: 0 });
    const sheet = excel.model.sheet("Région");
    const t = table(excel);
    expect([t.r0, t.c0, t.r1, t.c1]).toEqual([0, 0, 100, 13]);
    expect(gridOf(sheet, 0, 0, 0, 3)).toEqual([["Clé", "Recommandation", "Administration", "Statut"]]);
    expect(gridOf(sheet, 1, 0, 1, 4)).toEqual([["PC11-R00001/CI", "PC11-R00001", "CI", "En cours", 7]]);
    const formula = sheet.cell(5, 5)!; // row of record 5: actions that look like a formula
    expect(formula.value).toBe("=SOMME(A1:A3) ; -note ; +33 ; @equipe");
    expect(formula.formula).toBeUndefined();
    expect(formula.numberFormat).toBe("@");
    const minus = sheet.cell(7, 8)!; // record 7's comment "-5"
    expect([minus.value, minus.numberFormat]).toEqual(["-5", "@"]);
    expect(sheet.frozenRows).toBe(1);
    expect(excel.model.sheet("Suivi").cells.size).toBe(0);
  });

  it("costs the same syncs at 50,000 rows, apart from forced 5 MB chunks", { timeout: 120_000 }, async () => {
    const small = workbook();
    await small.run((c) => writeRegionTable(c, followUpTable(records(100), "fr")));
    const large = workbook();
    const report = await large.run((c) => writeRegionTable(c, followUpTable(records(50_000), "fr")));
    expectWithinLimit(large.lastSyncs());
    expect(report.syncs - report.forced).toBe(small.lastSyncs().length);
    expect(report.forced).toBeGreaterThan(0); // 50,000 rows of text are more than one request
    expect(large.lastSyncs().length).toBe(report.syncs);
    expect(table(large.excel).r1).toBe(50_000);
  });

  it("updates rows in place by key, adds new ones at the bottom, and leaves the user's columns and formatting alone", async () => {
    const { excel, run } = workbook();
    await run((c) => writeRegionTable(c, followUpTable(records(10), "fr")));
    const sheet = excel.model.sheet("Région");
    const t = table(excel);
    // The user sorted the table (descending), added a column inside it and one beside it, and coloured a cell.
    const body = gridOf(sheet, 1, 0, 10, 13).reverse();
    body.forEach((row, i) => row.forEach((v, j) => (sheet.ensure(1 + i, j).value = v)));
    t.c1 += 1;
    sheet.ensure(0, 14).value = "Mes notes";
    for (let r = 1; r <= 10; r++) sheet.ensure(r, 14).value = `note ${r}`;
    sheet.ensure(0, 16).value = "À côté";
    sheet.ensure(3, 16).value = 42;
    sheet.ensure(2, 3).fill = "#FFFF00";

    const changed = [...records(10)];
    changed[2] = record(3, 2, "changé par la région"); // record 3 sits on row 9 after the sort
    const more = [record(11), record(12)];
    const report = await run((c) => writeRegionTable(c, followUpTable([...changed, ...more], "fr")));
    expect(report).toMatchObject({ created: false, updated: 10, appended: 2, syncs: 4, forced: 0 });
    expect(gridOf(sheet, 8, 0, 8, 0)).toEqual([["PC11-R00003/CI"]]);
    expect(sheet.cell(8, 8)!.value).toBe("changé par la région");
    expect(sheet.cell(8, 11)!.value).toBe(2);
    expect(gridOf(sheet, 11, 0, 12, 0)).toEqual([["PC11-R00011/CI"], ["PC11-R00012/SN"]]);
    expect(t.r1).toBe(12);
    // The user's own cells
    expect(gridOf(sheet, 0, 14, 10, 14).flat()).toEqual(["Mes notes", ...Array.from({ length: 10 }, (_, i) => `note ${i + 1}`)]);
    expect(sheet.cell(11, 14)?.value ?? "").toBe("");
    expect(sheet.cell(3, 16)!.value).toBe(42);
    expect(sheet.cell(2, 3)!.fill).toBe("#FFFF00");
    expect(excel.model.sheets.map((s) => s.name)).toEqual(["Suivi", "Région"]);
  });

  it("refreshes 50,000 rows with the syncs of 100, apart from forced chunks", { timeout: 180_000 }, async () => {
    const sizes = [];
    for (const n of [100, 50_000]) {
      const { run, lastSyncs } = workbook();
      await run((c) => writeRegionTable(c, followUpTable(records(n), "fr")));
      const next = records(n).map((r, i) => (i % 10 === 0 ? record(i + 1, 2, "v2") : r));
      next.push(record(n + 1));
      const report = await run((c) => writeRegionTable(c, followUpTable(next, "fr")));
      expectWithinLimit(lastSyncs());
      expect(report.appended).toBe(1);
      sizes.push(report);
    }
    expect(sizes[0]!.forced).toBe(0);
    expect(sizes[1]!.syncs - sizes[1]!.forced).toBe(sizes[0]!.syncs);
  });

  it("fills the empty row Excel keeps in a table without data", async () => {
    const { excel, run } = workbook();
    await run((c) => writeRegionTable(c, followUpTable([], "en")));
    expect(table(excel).r1).toBe(1);
    const report = await run((c) => writeRegionTable(c, followUpTable(records(2), "en")));
    expect(report.appended).toBe(2);
    expect(table(excel).r1).toBe(2);
    expect(gridOf(excel.model.sheet("Region"), 1, 0, 2, 0)).toEqual([["PC11-R00001/CI"], ["PC11-R00002/SN"]]);
  });

  it("refuses a table whose columns were changed, and never takes the user's own sheet", async () => {
    const { excel, run } = workbook(["Suivi", "Région"]);
    excel.model.setValues("Région", [["mes données"]]);
    const first = await run((c) => writeRegionTable(c, followUpTable(records(3), "fr")));
    expect(first.sheet).toBe("Région (2)");
    expect(excel.model.sheet("Région").cell(0, 0)!.value).toBe("mes données");
    excel.model.sheet("Région (2)").ensure(0, 0).value = "Autre chose";
    await expect(run((c) => writeRegionTable(c, followUpTable(records(3), "fr")))).rejects.toBeInstanceOf(WorkbookError);
  });

  it("finds its table wherever the user renamed its sheet", async () => {
    const { excel, run } = workbook();
    await run((c) => writeRegionTable(c, followUpTable(records(3), "fr")));
    excel.model.sheet("Région").name = "Données régionales";
    const report = await run((c) => writeRegionTable(c, followUpTable(records(4), "fr")));
    expect(report).toMatchObject({ sheet: "Données régionales", created: false, appended: 1 });
    expect(excel.model.sheets).toHaveLength(2);
  });

  it("names: unique and within 31 characters", () => {
    expect(uniqueSheetName("Région", ["région", "Région (2)"])).toBe("Région (3)");
    expect(uniqueSheetName("x".repeat(31), ["x".repeat(31)])).toHaveLength(31);
  });
});

describe("writing conflict choices into the sheet", () => {
  it("writes the cells in one sync, formats before values", async () => {
    const { excel, run, lastSyncs } = workbook();
    excel.model.setValues("Suivi", [["N°", "Statut", "Observations"], ["1", "En cours", "ancienne"]]);
    await run((c) =>
      writeCells(c, "Suivi", [
        { row: 2, column: 2, value: "Réalisé", numberFormat: "@", field: "status" },
        { row: 2, column: 3, value: "=pas une formule", numberFormat: "@", field: "comment" },
      ]),
    );
    expect(lastSyncs()).toHaveLength(1);
    const sheet = excel.model.sheet("Suivi");
    expect(gridOf(sheet, 1, 1, 1, 2)).toEqual([["Réalisé", "=pas une formule"]]);
    expect(sheet.cell(1, 2)!.formula).toBeUndefined();
  });
});
