import { describe, expect, it } from "vitest";
import { parseSheet } from "../../shared/pipeline/parse-sheet";
import { matchHeader } from "../../shared/pipeline/headers";
import type { CellValue, SheetInput } from "../../shared/pipeline/types";
import { loadReferenceData } from "../../shared/reference";
import type { TemplateSheet } from "./adapter";
import { templateHeaderRow } from "./adapter";
import { buildTemplate, STATUS_LABELS } from "./template";

const ref = loadReferenceData();

/** The grid Excel would give back for a template sheet: the title, a blank row, the header, the rows. */
function templateGrid(template: TemplateSheet, fill?: (row: CellValue[], index: number) => CellValue[]): SheetInput {
  const width = template.columns.length;
  const pad = (r: CellValue[]) => Array.from({ length: width }, (_, c) => r[c] ?? "");
  const values: CellValue[][] = [];
  const formats: string[][] = [];
  for (const line of template.title) {
    values.push(pad([line]));
    formats.push(pad(["@"]).map((v) => (v === "" ? "General" : String(v))));
  }
  if (template.title.length > 0) {
    values.push(pad([]));
    formats.push(pad([]).map(() => "General"));
  }
  expect(values.length + 1).toBe(templateHeaderRow(template));
  values.push(template.columns.map((c) => c.header));
  formats.push(template.columns.map(() => "@"));
  template.rows.forEach((row, i) => {
    values.push(pad(fill ? fill([...row], i) : row));
    formats.push(template.columns.map((c, j) => template.cellFormats?.[i]?.[j] ?? c.numberFormat));
  });
  return { name: template.name, values, numberFormats: formats, origin: { row: 0, column: 0 } };
}

describe("templates are valid by construction", () => {
  const administrations = ref.actors.filter((a) => a.kind === "administration");

  it.each(["fr", "en"] as const)("a follow-up sheet for PC11 reads back without a single issue (%s)", (lang) => {
    for (const actor of [administrations.find((a) => a.id === "CI")!, administrations.find((a) => a.id === "GM")!]) {
      const template = buildTemplate({ kind: "follow-up", meetingId: "PC11", actorId: actor.id, lang }, ref);
      expect(template.rows.length).toBeGreaterThan(0);
      const result = parseSheet(templateGrid(template), ref, { meetingId: "PC11", actorId: actor.id });
      expect(result.issues).toEqual([]);
      expect(result.kind).toBe("follow-up");
      expect(result.followUps).toHaveLength(template.rows.length);
      expect(new Set(result.followUps.map((f) => f.actorId))).toEqual(new Set([actor.id]));
      // Without the settings the pane passes, the title block alone says which meeting and administration.
      expect(parseSheet(templateGrid(template), ref).issues).toEqual([]);
    }
  });

  it("a follow-up sheet the user filled from the dropdowns reads back clean", () => {
    const template = buildTemplate({ kind: "follow-up", meetingId: "PC11", actorId: "SN", lang: "fr" }, ref);
    const statuses = STATUS_LABELS.fr;
    const filled = templateGrid(template, (row, i) => {
      row[3] = statuses[i % 4]!;
      row[4] = [0, 0.5, 1, 0][i % 4]!;
      row[5] = "=Atelier tenu ; -note interne";
      row[9] = 44_500 + i;
      return row;
    });
    filled.numberFormats = filled.numberFormats!.map((r, i) => (i > templateHeaderRow(template) - 1 ? r.map((f, c) => (c === 5 ? "@" : f)) : r));
    const result = parseSheet(filled, ref, { meetingId: "PC11", actorId: "SN" });
    expect(result.issues).toEqual([]);
    expect(result.followUps.map((f) => f.status).slice(0, 4)).toEqual(["not-started", "in-progress", "implemented", "not-applicable"]);
    expect(result.followUps[0]?.actions).toBe("=Atelier tenu ; -note interne");
  });

  it.each(["fr", "en"] as const)("an indicator sheet, once its values are typed, reads back without a single issue (%s)", (lang) => {
    const codes = ref.indicators.filter((i) => i.status === "published" && !i.formula).map((i) => i.code);
    const template = buildTemplate({ kind: "indicator-values", indicatorCodes: codes, year: 2021, actorId: "GM", lang }, ref);
    const percentRows = template.rows.map((r) => ref.indicators.find((i) => i.code === r[1])?.valueType === "percentage");
    // What Excel stores when the user types 42 in each value cell: 0.42 in the percent cells.
    const filled = templateGrid(template, (row, i) => {
      row[5] = percentRows[i] ? 0.42 : 42;
      return row;
    });
    const result = parseSheet(filled, ref, { actorId: "GM" });
    expect(result.issues).toEqual([]);
    expect(result.indicatorValues).toHaveLength(template.rows.length);
    expect(result.indicatorValues.every((v) => v.value === 42 && v.actorId === "GM")).toBe(true);

    // Before the values are typed, the only issues are the missing values, one per row.
    const blank = parseSheet(templateGrid(template), ref, { actorId: "GM" });
    expect(new Set(blank.issues.map((i) => i.code))).toEqual(new Set(["missing-value"]));
  });

  it("uses headers the pipeline maps exactly, with a dropdown for status, administration and period", () => {
    for (const request of [
      { kind: "follow-up", meetingId: "PC11", actorId: "CI", lang: "fr" },
      { kind: "follow-up", meetingId: "PC11", actorId: "CI", lang: "en" },
      { kind: "indicator-values", indicatorCodes: ["CB-TRAIN"], year: 2022, actorId: "CI", lang: "fr" },
      { kind: "indicator-values", indicatorCodes: ["CB-TRAIN"], year: 2022, actorId: "CI", lang: "en" },
    ] as const) {
      const template = buildTemplate(request, ref);
      template.columns.forEach((c, i) => expect(matchHeader(c.header), c.header).toEqual({ field: template.fields[i], confidence: 1 }));
      const lists = Object.fromEntries(template.columns.map((c, i) => [template.fields[i], c.validation?.type === "list" ? c.validation : undefined]));
      expect(lists.administration?.values).toHaveLength(ref.actors.filter((a) => a.kind === "administration").length);
      if (request.kind === "follow-up") expect(lists.status?.values).toEqual(STATUS_LABELS[request.lang]);
      else expect(lists.period?.values).toContain("2022Q3");
      expect(template.name.length).toBeLessThanOrEqual(31);
    }
  });
});
