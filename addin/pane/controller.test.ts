import { describe, expect, it } from "vitest";
import { parseSheet } from "../../shared/pipeline/parse-sheet";
import type { CellValue } from "../../shared/pipeline/types";
import { loadReferenceData } from "../../shared/reference";
import { ALL_CAPABILITIES } from "../excel/capabilities";
import { FakeExcel, FakeOfficeError, type FakeContext, type SyncRecord } from "../excel/fake-excel";
import { OfficeWorkbook, type Runner } from "../excel/office-workbook";
import { settingKey } from "../excel/settings";
import { PaneController } from "./controller";

const ref = loadReferenceData();

const HEADER = ["Pays", "Code indicateur", "Indicateur", "Période", "Valeur", "Cible", "Source", "Commentaire"];
const COUNTRIES = ["Bénin", "Burkina Faso", "Cameroun", "Côte d'Ivoire", "Sénégal", "Togo", "Niger", "Mali", "Gabon", "Ghana", "Guinée", "Gambie"];

/** A long indicator sheet: every administration × 12 months × as many indicators as needed for `n` rows. */
function indicatorSheet(n: number): (string | number)[][] {
  const rows: (string | number)[][] = [HEADER];
  const codes = ["CB-TRAIN", "CB-ACT", "ENF-SEIZ", "REV-COLL", "FAC-CLR"];
  let i = 0;
  for (let year = 2000; rows.length <= n; year++)
    for (const code of codes)
      for (const country of COUNTRIES)
        for (let m = 1; m <= 12 && rows.length <= n; m++) rows.push([country, code, "", `${year}${String(m).padStart(2, "0")}`, 10 + (i++ % 50), "", "", ""]);
  return rows;
}

function setup(values: (string | number)[][], name = "Consolidation") {
  const excel = new FakeExcel([name]);
  excel.model.setValues(name, values);
  let syncs: SyncRecord[][] = [];
  const runner: Runner = async (batch, reuse) => {
    const context = (reuse as unknown as FakeContext | undefined) ?? excel.newContext();
    if (!reuse) syncs.push(context.syncs);
    return batch(context as unknown as Excel.RequestContext);
  };
  const workbook = new OfficeWorkbook(runner, ALL_CAPABILITIES);
  const controller = new PaneController(workbook, { reference: ref, lang: "fr", pipeline: (input, options) => parseSheet(input, ref, options), debounceMs: 0 });
  const take = () => {
    const all = syncs.flat();
    syncs = [];
    return all;
  };
  return { excel, controller, workbook, take };
}

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const brrc: (string | number)[][] = [
  HEADER,
  ["Bénin", "CB-TRAIN", "Agents formés", "2021", 312, 300, "DRH", ""],
  ["Niger", "ENF-INSP", "Taux de visite physique", "2021", "135%", "40%", "", "ERREUR"],
  ["Wakanda", "CB-TRAIN", "Agents formés", "2021", 10, 10, "", "ERREUR"],
  ["Togo", "FAC-CLR", "Délai moyen", "T1 2021", 52.5, 48, "", ""],
];

describe("the pane's controller", () => {
  it("checks the active sheet: result, marks, issues sheet and notices", async () => {
    const { excel, controller } = setup(brrc);
    controller.setOption("issuesSheet", true);
    await controller.check();
    const { result, notices, error } = controller.state;
    expect(error).toBeNull();
    expect(result?.kind).toBe("indicator-values");
    expect(result?.issues.map((i) => i.cell)).toEqual(["E3", "A4"]);
    const sheet = excel.model.sheet("Consolidation");
    expect(sheet.cell(2, 4)?.fill).toBe("#FFC7CE");
    expect(sheet.notes.get("A4")).toContain("Wakanda");
    expect(excel.model.sheet("Anomalies").cell(3, 0)?.value).toBe("E3");
    expect(notices.map((n) => n.key)).toEqual(["result.marks", "result.issuesSheetWritten"]);
    expect(controller.state.busy).toBeNull();
  });

  it("re-checks after an edit by reading only the changed row, and repaints only that row", async () => {
    const { excel, controller, take } = setup(brrc);
    await controller.check();
    take();
    await excel.userEdit("Consolidation", "A4", [["Sénégal"]]);
    await until(() => controller.state.result?.issues.length === 1);
    const syncs = take();
    // One sync to read the row, four to replace its marks: no read of the whole sheet.
    expect(syncs).toHaveLength(5);
    expect(Math.max(...syncs.map((s) => s.responseBytes))).toBeLessThan(2_000);
    const sheet = excel.model.sheet("Consolidation");
    expect(sheet.cell(3, 0)?.fill).toBeNull();
    expect(sheet.notes.has("A4")).toBe(false);
    expect(sheet.cell(2, 4)?.fill).toBe("#FFC7CE"); // the other row's mark stays
    expect(controller.state.notices[0]?.key).toBe("result.rechecked");
  });

  it("re-checks a row typed below the table, extending what it read", async () => {
    const { excel, controller, take } = setup(brrc);
    await controller.check();
    take();
    await excel.userEdit("Consolidation", "A6:E6", [["Mali", "CB-TRAIN", "Agents formés", "2021", -5]]);
    await until(() => controller.state.result?.issues.some((i) => i.row === 6) ?? false);
    expect(take()).toHaveLength(5);
    expect(controller.state.result?.issues.filter((i) => i.row === 6).map((i) => `${i.cell} ${i.code}`)).toEqual(["E6 negative-value"]);
    expect(excel.model.sheet("Consolidation").cell(5, 4)?.fill).toBe("#FFC7CE");
  });

  it("checks the whole sheet again when rows are inserted or deleted", async () => {
    const { excel, controller, take } = setup(brrc);
    await controller.check();
    take();
    const sheet = excel.model.sheet("Consolidation");
    let checked = false;
    controller.subscribe((s) => (checked ||= s.busy === null && s.notices[0]?.key === "result.marks"));
    for (const handler of sheet.handlers) await handler({ address: "A3:H3", changeType: "RowDeleted", source: "Local", worksheetId: sheet.id });
    await until(() => checked);
    expect(controller.state.error).toBeNull();
    // The active sheet, its settings, the read (2), the marks (4) and watching the sheet again: a full check.
    expect(take()).toHaveLength(9);
  });

  it("re-checks one row of a 20,000-row sheet with the cost of that row, and finds what a full check finds", { timeout: 60_000 }, async () => {
    const values = indicatorSheet(20_000);
    const { excel, controller, take } = setup(values);
    await controller.check();
    expect(controller.state.result?.issues).toEqual([]);
    take();
    await excel.userEdit("Consolidation", "A15001:E15001", [["Wakanda", "CB-TRAIN", "", "2021T9", -3]]);
    await until(() => (controller.state.result?.issues.length ?? 0) > 0);
    const syncs = take();
    expect(syncs).toHaveLength(5);
    expect(Math.max(...syncs.map((s) => Math.max(s.requestBytes, s.responseBytes)))).toBeLessThan(5_000);

    const full = parseSheet({ name: "Consolidation", values: (await new OfficeWorkbook(async (b) => b(excel.newContext() as unknown as Excel.RequestContext), ALL_CAPABILITIES).readSheet("Consolidation")).values }, ref);
    const strip = (issues: typeof full.issues) => issues.map((i) => `${i.cell} ${i.code}`).sort();
    expect(strip(controller.state.result!.issues)).toEqual(strip(full.issues));
    expect(controller.state.result!.indicatorValues.length).toBe(full.indicatorValues.length);
  });

  it("remembers a corrected mapping and the sheet's administration in the workbook, and checks again", async () => {
    const sheet: (string | number)[][] = [["Indicateur", "2021", "Remarques"], ["Agents formés", 45, ""]];
    const { excel, controller } = setup(sheet, "KPI");
    await controller.check();
    expect(controller.state.result?.issues.map((i) => i.code)).toContain("administration-not-found");
    await controller.setContext({ actorId: "GM" });
    expect(JSON.parse(String(excel.model.settings.get(settingKey("KPI"))))).toEqual({ actorId: "GM" });
    expect(controller.state.result?.indicatorValues[0]).toMatchObject({ actorId: "GM", indicatorCode: "CB-TRAIN", value: 45 });

    await controller.setMapping(3, { field: null });
    expect(controller.state.settings.overrides).toEqual([{ header: "Remarques", field: null }]);
    expect(controller.state.result?.mapping.find((m) => m.column === 3)?.field).toBeNull();
    await controller.resetMapping();
    expect(controller.state.result?.mapping.find((m) => m.column === 3)?.field).toBe("comment");
  });

  it("says what to do when Excel refuses, and stops cleanly when cancelled", async () => {
    const { controller, workbook } = setup(brrc);
    const original = workbook.applyMarks.bind(workbook);
    workbook.applyMarks = async () => {
      throw new FakeOfficeError("AccessDenied", "protected");
    };
    await controller.check();
    expect(controller.state.error?.fr).toContain("Ôtez la protection");
    expect(controller.state.busy).toBeNull();
    workbook.applyMarks = original;

    const running = controller.check();
    controller.cancel();
    await running;
    expect(controller.state.error).toBeNull();
    expect(controller.state.notices.map((n) => n.key)).toEqual(["progress.cancelled"]);
  });

  it("makes a template sheet that checks clean with the settings it carries", async () => {
    const { excel, controller } = setup([["x"]], "Feuil1");
    const name = await controller.createTemplate({ kind: "follow-up", meetingId: "PC11", actorId: "CI", lang: "fr" });
    expect(name).toBe("Suivi PC11 CI");
    expect(excel.model.active.name).toBe(name);
    await controller.check();
    expect(controller.state.sheet).toBe(name);
    expect(controller.state.result?.issues).toEqual([]);
    expect(controller.state.result?.followUps.length).toBeGreaterThan(0);
  });

  it("reports the progress of a long read", async () => {
    const { controller } = setup(indicatorSheet(2_000));
    const seen: (CellValue | null)[] = [];
    controller.subscribe((s) => seen.push(s.busy?.label ?? null));
    await controller.check();
    expect(seen).toContain("progress.reading");
    expect(seen).toContain("progress.checking");
    expect(seen).toContain("progress.marking");
    expect(seen.at(-1)).toBeNull();
  });
});
