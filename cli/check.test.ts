import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

// The sample workbooks sit beside the repository (../shared/fixtures), in development and in CI alike.
const root = resolve(import.meta.dirname, "..");
const fixtures = resolve(root, "../shared/fixtures");
const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(join(root, "node_modules/.bin/tsx"), ["cli/main.ts", ...args], {
      cwd: root,
      env: { ...process.env, LANG: "C" },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

interface SheetJson {
  name: string;
  kind: string;
  layout: string | null;
  headerRow: number | null;
  context: Record<string, unknown>;
  mapping: { letter: string; field: string | null; period?: string; confidence: number }[];
  records: Record<string, unknown>[];
  targets: Record<string, unknown>[];
  issues: { code: string; cell: string; severity: string; field: string | null; message: { fr: string; en: string } }[];
  skipped: { row: number; reason: string }[];
}

async function checkJson(file: string): Promise<{ code: number; sheets: SheetJson[] }> {
  const result = await cli("check", join(fixtures, file), "--json");
  expect(result.stderr).toBe("");
  const doc = JSON.parse(result.stdout) as { file: string; sheets: SheetJson[] };
  expect(doc.file).toBe(join(fixtures, file));
  return { code: result.code, sheets: doc.sheets };
}

function sheet(sheets: SheetJson[], name: string): SheetJson {
  const found = sheets.find((s) => s.name === name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
}

const issuesOf = (s: SheetJson) => s.issues.map((i) => `${i.cell} ${i.code}`);

// Each test starts the CLI as a user would (tsx), which takes a second or two per run on this machine.
describe("cli check on the sample workbooks", { timeout: 60_000 }, () => {
  beforeAll(() => {
    expect(existsSync(fixtures), `fixtures expected at ${fixtures}`).toBe(true);
  });

  it("reads the Côte d'Ivoire follow-up: 24 follow-ups under a title block, header on row 4", async () => {
    const { code, sheets } = await checkJson("suivi-recommandations-civ-2021.xlsx");
    expect(code).toBe(0);
    const s = sheet(sheets, "Suivi recommandations");
    expect(s).toMatchObject({ kind: "follow-up", layout: "long", headerRow: 4, context: { actorId: "CI", meetingId: "PC11" } });
    expect(s.mapping.map((m) => `${m.letter}:${m.field}`)).toEqual([
      "A:recommendation",
      "B:recommendationText",
      "C:addressee",
      "D:actions",
      "E:status",
      "F:progress",
      "G:due",
      "H:comment",
    ]);
    // [row, recommendation, status, progress, due]
    const expected: [number, string, string, number | null, unknown][] = [
      [5, "PC11-R01", "implemented", 100, { type: "date", date: "2021-06-30" }],
      [6, "PC11-R02", "in-progress", 50, { type: "open" }],
      [7, "PC11-R03", "not-started", 0, { type: "date", date: "2021-12-31" }],
      [8, "PC11-R04", "implemented", 100, { type: "date", date: "2021-06-30" }],
      [9, "PC11-R05", "in-progress", 40, { type: "date", date: "2021-06-30" }],
      [10, "PC11-R06", "implemented", 100, { type: "date", date: "2021-03-31" }],
      [11, "PC11-R07", "in-progress", 60, { type: "date", date: "2021-09-30" }],
      [12, "PC11-R08", "in-progress", 30, { type: "date", date: "2021-12-31" }],
      [13, "PC11-R09", "not-started", 0, { type: "date", date: "2021-12-31" }],
      [14, "PC11-R10", "not-applicable", null, null],
      [15, "PC11-R11", "in-progress", 25, { type: "date", date: "2021-12-31" }],
      [16, "PC11-R12", "implemented", 100, null],
      [17, "PC11-R13", "implemented", 100, { type: "open" }],
      [18, "PC11-R14", "in-progress", 50, { type: "open" }],
      [19, "PC11-R15", "not-started", 0, { type: "date", date: "2022-06-30" }],
      [20, "PC11-R16", "in-progress", 70, { type: "date", date: "2021-12-31" }],
      [21, "PC11-R17", "in-progress", 45, { type: "date", date: "2021-12-31" }],
      [22, "PC11-R18", "implemented", 100, { type: "open" }],
      [23, "PC11-R19", "implemented", 100, { type: "open" }],
      [24, "PC11-R20", "implemented", 100, { type: "open" }],
      [25, "PC11-R21", "in-progress", 20, { type: "open" }],
      [26, "PC11-R22", "implemented", 100, { type: "date", date: "2021-11-30" }],
      [29, "PC11-D1", "in-progress", 50, { type: "date", date: "2021-12-31" }],
      [30, "PC11-D2", "not-started", 0, null],
    ];
    expect(s.records).toHaveLength(24);
    expected.forEach(([row, recommendationId, status, progress, due], i) => {
      const record = s.records[i];
      expect(record, `row ${row}`).toMatchObject({ recommendationId, actorId: "CI", status, progress, at: { row } });
      if (due === null) expect(record?.due, `row ${row}`).toBeNull();
      else expect(record?.due, `row ${row}`).toMatchObject(due as object);
    });
    expect(s.records[0]).toMatchObject({ actions: "Note de service transmise ; atelier tenu en ligne", comment: null });
    expect(s.records[9]).toMatchObject({ comment: "Recommandation adressée au BRRC", progress: null });
    expect(s.records[23]).toMatchObject({ comment: "En attente des CRF" });
    expect(s.issues).toEqual([]);
    expect(s.skipped).toEqual([
      expect.objectContaining({ row: 27, reason: "blank" }),
      expect.objectContaining({ row: 28, reason: "section-heading" }),
    ]);
  });

  it("reads the Gambia KPI sheet: quarterly values of 6 indicators, n/a and - as missing, not zero", async () => {
    const { code, sheets } = await checkJson("kpi-gambia-2021.xlsx");
    expect(code).toBe(0);
    const s = sheet(sheets, "KPIs 2021");
    expect(s).toMatchObject({ kind: "indicator-values", layout: "wide", headerRow: 3, context: { actorId: "GM", year: 2021 } });
    expect(s.mapping.map((m) => `${m.letter}:${m.field}${m.period ? `@${m.period}` : ""}`)).toEqual([
      "A:indicatorName",
      "B:unit",
      "C:value@2021Q1",
      "D:value@2021Q2",
      "E:value@2021Q3",
      "F:value@2021Q4",
      "G:target",
      "H:comment",
    ]);
    const table: Record<string, (number | null)[]> = {
      "REV-COLL": [2310.4, 2450.9, 2388.1, 2602],
      "FAC-CLR": [46.5, 41, 39.25, 36],
      "ENF-INSP": [62, 58, 55, 51],
      "ENF-SEIZ": [118, 96, null, 131],
      "CB-TRAIN": [45, 0, 120, 38],
      "CB-ACT": [3, 1, 6, null],
    };
    const expected = Object.entries(table).flatMap(([indicatorCode, values]) =>
      values.map((value, q) => ({ indicatorCode, actorId: "GM", period: `2021Q${q + 1}`, value })),
    );
    expect(s.records.map(({ indicatorCode, actorId, period, value }) => ({ indicatorCode, actorId, period, value }))).toEqual(expected);
    expect(s.records.find((r) => r.indicatorCode === "FAC-CLR")).toMatchObject({ comment: "TRS methodology", target: null });
    expect(s.targets.map((t) => [t.indicatorCode, t.period, t.value])).toEqual([
      ["REV-COLL", "2021", 9800],
      ["FAC-CLR", "2021", 36],
      ["ENF-INSP", "2021", 40],
      ["CB-TRAIN", "2021", 200],
      ["CB-ACT", "2021", 12],
    ]);
    // Missing is reported, as information: it is neither zero nor an error.
    expect(s.issues.map((i) => `${i.cell} ${i.code} ${i.severity}`)).toEqual([
      "E7 declared-missing info",
      "F9 declared-missing info",
    ]);
    expect(s.skipped).toEqual([
      expect.objectContaining({ row: 10, reason: "blank" }),
      expect.objectContaining({ row: 11, reason: "note" }),
    ]);
  });

  it("flags every ERREUR row of the BRRC consolidation at the right cell, and no other row", async () => {
    const { code, sheets } = await checkJson("consolidation-indicateurs-brrc-2021.xlsx");
    expect(code).toBe(1);
    const s = sheet(sheets, "Consolidation");
    expect(s).toMatchObject({ kind: "indicator-values", layout: "long", headerRow: 1 });
    expect(issuesOf(s)).toEqual([
      "E12 percentage-out-of-range",
      "E13 negative-value",
      "A14 unknown-administration",
      "B15 unknown-indicator",
      "A17 duplicate-key",
      "E18 missing-value",
      "D19 invalid-period",
    ]);
    expect(s.issues.every((i) => i.severity === "error" && i.message.fr && i.message.en)).toBe(true);
    expect(s.records.map((r) => [r.at && (r.at as { row: number }).row, r.actorId, r.indicatorCode, r.period, r.value, r.target])).toEqual([
      [2, "BJ", "CB-TRAIN", "2021", 312, 300],
      [3, "BF", "CB-TRAIN", "2021", 188, 250],
      [4, "CM", "CB-TRAIN", "2021", 455, 400],
      [5, "CI", "CB-TRAIN", "2021", 290, 350],
      [6, "CI", "CB-ACT", "2021", 14, 12],
      [7, "SN", "CB-ACT", "2021S1", 5, 6],
      [8, "SN", "CB-ACT", "2021S2", 7, 6],
      [9, "TG", "FAC-CLR", "2021Q1", 52.5, 48],
      [10, "TG", "FAC-CLR", "2021Q2", 49, 48],
      [11, "TG", "FAC-CLR", "2021Q3", 47.5, 48],
      [16, "GA", "CB-TRAIN", "2021", 140, 150],
    ]);
    expect(s.records[8]).toMatchObject({ source: "TRS 2021", comment: null });
    expect(s.records[3]).toMatchObject({ source: null, comment: "orthographe sans accent" });
    // The read-me sheet is not data: said once, not silently dropped.
    expect(sheet(sheets, "Lisez-moi")).toMatchObject({ kind: "unknown", records: [] });
    expect(issuesOf(sheet(sheets, "Lisez-moi"))).toEqual(["A1 unknown-sheet-kind"]);
  });

  it("reads the regional follow-up: one row per country and recommendation, with evidence and update dates", async () => {
    const { code, sheets } = await checkJson("suivi-regional-recommandations-13-17.xlsx");
    expect(code).toBe(0);
    expect(sheet(sheets, "Synthèse")).toMatchObject({ kind: "unknown", records: [] });
    const s = sheet(sheets, "Suivi par pays");
    expect(s).toMatchObject({ kind: "follow-up", layout: "long", headerRow: 1, context: { meetingId: "PC11" } });
    expect(s.issues).toEqual([]);
    const countries = ["BJ", "CM", "CI", "GM", "GH", "NG", "SN", "TG"];
    const statuses = [
      "implemented", "in-progress", "not-started",
      "in-progress", "implemented", "not-applicable",
      "in-progress", "implemented", "implemented",
      "in-progress", "not-started", "in-progress",
      "implemented", "not-applicable", "in-progress",
      "implemented", "implemented", "in-progress",
      "not-started", "in-progress", "implemented",
      "not-applicable", "in-progress", "implemented",
    ];
    expect(s.records.map((r) => [r.actorId, r.recommendationId, r.status, r.updatedOn])).toEqual(
      statuses.map((status, i) => [
        countries[Math.floor(i / 3)],
        ["PC11-R13", "PC11-R16", "PC11-R17"][i % 3],
        status,
        `2021-10-${String(i + 2).padStart(2, "0")}`,
      ]),
    );
    expect(s.records[0]).toMatchObject({ evidence: "https://intranet.example.org/preuves/1.pdf", progress: null });
    expect(s.records[1]).toMatchObject({ evidence: null });
  });

  it("prints a readable summary in French or English", async () => {
    const file = join(fixtures, "consolidation-indicateurs-brrc-2021.xlsx");
    const fr = await cli("check", file, "--lang", "fr");
    expect(fr.code).toBe(1);
    expect(fr.stdout).toContain("Feuille « Consolidation »");
    expect(fr.stdout).toMatch(/E12\s+ERREUR\s+Pourcentage/);
    const en = await cli("check", file, "--lang", "en");
    expect(en.stdout).toMatch(/D19\s+ERROR\s+Invalid period/);
    expect(en.stdout).toContain("7 error(s) to fix.");
  });

  it("exits 2 with a clear message when the file cannot be read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-check-"));
    const missing = await cli("check", join(dir, "absent.xlsx"));
    expect(missing).toMatchObject({ code: 2, stdout: "" });
    expect(missing.stderr).toContain("not found");

    const text = join(dir, "notes.xlsx");
    writeFileSync(text, "this is not a workbook");
    const notWorkbook = await cli("check", text);
    expect(notWorkbook.code).toBe(2);
    expect(notWorkbook.stderr).toContain("not an Excel workbook");

    const encrypted = join(dir, "locked.xlsx");
    writeFileSync(encrypted, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const locked = await cli("check", encrypted);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain("password-protected");
  });
});
