import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadReferenceData } from "../reference";
import { parseSheet } from "./parse-sheet";
import type { CellValue, SheetInput } from "./types";

const ref = loadReferenceData();

function sheet(values: CellValue[][], extra: Partial<SheetInput> = {}): SheetInput {
  return { name: "Feuil1", values, ...extra };
}

const codes = (r: ReturnType<typeof parseSheet>) => r.issues.map((i) => `${i.cell} ${i.code}`);

describe("header and layout detection", () => {
  it("finds the header under a title block and names cells from the used range's origin", () => {
    const r = parseSheet(
      sheet(
        [
          ["Suivi des indicateurs — Sénégal", "", ""],
          ["", "", ""],
          ["Indicateur", "Période", "Valeur"],
          ["Agents formés", "2021", "-4"],
        ],
        { origin: { row: 4, column: 2 } }, // the used range starts at C5
      ),
      ref,
    );
    expect(r).toMatchObject({ kind: "indicator-values", layout: "long", headerRow: 7, context: { actorId: "SN" } });
    expect(r.mapping.map((m) => m.letter)).toEqual(["C", "D", "E"]);
    expect(codes(r)).toEqual(["E8 negative-value"]);
  });

  it("maps Portuguese headers, ignoring case, accents and punctuation", () => {
    const r = parseSheet(
      sheet([
        ["PAÍS", "Código do indicador", "Período", "Valor", "Meta", "Observações"],
        ["Cabo Verde", "CB-ACT", "2.º trimestre 2021", 4, 5, ""],
      ]),
      ref,
    );
    expect(r.mapping.map((m) => m.field)).toEqual(["administration", "indicatorCode", "period", "value", "target", "comment"]);
    expect(r.indicatorValues).toEqual([
      expect.objectContaining({ actorId: "CV", indicatorCode: "CB-ACT", period: "2021Q2", value: 4, target: 5 }),
    ]);
  });

  it("gives a lower confidence to headers that only contain a known name, so the pane can ask", () => {
    const r = parseSheet(
      sheet([
        ["Pays", "Code indicateur", "Période de référence", "Valeur déclarée"],
        ["Togo", "CB-ACT", "2021", 3],
      ]),
      ref,
    );
    const [country, code, period, value] = r.mapping;
    expect([country?.confidence, code?.confidence]).toEqual([1, 1]);
    expect(period).toMatchObject({ field: "period" });
    expect(value).toMatchObject({ field: "value" });
    expect(period?.confidence).toBeLessThan(1);
    expect(value?.confidence).toBeLessThan(1);
  });

  it("applies the user's corrected mapping", () => {
    const values: CellValue[][] = [
      ["Pays", "Code indicateur", "Période", "Chiffre", "Chiffre 2"],
      ["Togo", "CB-ACT", "2021", 3, 9],
    ];
    expect(parseSheet(sheet(values), ref).indicatorValues).toEqual([]);
    const fixed = parseSheet(sheet(values), ref, { overrides: [{ header: "chiffre 2", field: "value" }] });
    expect(fixed.indicatorValues).toEqual([expect.objectContaining({ actorId: "TG", value: 9 })]);
    expect(fixed.mapping[4]).toMatchObject({ field: "value", confidence: 1 });
  });

  it("says a sheet it cannot read is not data, once", () => {
    const r = parseSheet(sheet([["Bonjour"], ["Ceci est une note."]]), ref);
    expect(r.kind).toBe("unknown");
    expect(codes(r)).toEqual(["A1 unknown-sheet-kind"]);
    expect(parseSheet(sheet([]), ref).issues).toEqual([]);
  });
});

describe("rows", () => {
  it("reports blank, heading, total and repeated-header rows as skipped, never as records", () => {
    const r = parseSheet(
      sheet([
        ["Pays", "Code indicateur", "Période", "Valeur"],
        ["Togo", "CB-ACT", "2021", 3],
        ["", "", "", ""],
        ["Afrique centrale", "", "", ""],
        ["Pays", "Code indicateur", "Période", "Valeur"],
        ["Gabon", "CB-ACT", "2021", 2],
        ["Total", "", "", 5],
      ]),
      ref,
    );
    expect(r.skipped.map((s) => `${s.row} ${s.reason}`)).toEqual(["3 blank", "4 section-heading", "5 repeated-header", "7 total"]);
    expect(r.indicatorValues.map((v) => v.actorId)).toEqual(["TG", "GA"]);
    expect(r.issues).toEqual([]);
  });

  it("keeps text that looks like a formula as text", () => {
    const r = parseSheet(
      sheet([
        ["Pays", "Code indicateur", "Période", "Valeur", "Source", "Commentaire"],
        ["Togo", "CB-ACT", "2021", 3, "=HYPERLINK(\"http://x\")", "@SUM(A1:A9)"],
        ["Niger", "CB-ACT", "2021", 3, "+33 1 23", "-à vérifier"],
      ]),
      ref,
    );
    expect(r.indicatorValues.map((v) => [v.source, v.comment])).toEqual([
      ['=HYPERLINK("http://x")', "@SUM(A1:A9)"],
      ["+33 1 23", "-à vérifier"],
    ]);
  });

  it("warns about a status that contradicts the progress", () => {
    const r = parseSheet(
      sheet([
        ["Pays", "N° reco", "Statut", "Taux"],
        ["Mali", 13, "Non entamé", "80 %"],
        ["Mali", 14, "Réalisé", "100 %"],
      ]),
      ref,
    );
    expect(r.issues.map((i) => `${i.cell} ${i.code} ${i.severity}`)).toEqual(["D2 inconsistent-status-progress warning"]);
    // A warning does not hold the record back.
    expect(r.followUps.map((f) => f.recommendationId)).toEqual(["PC11-R13", "PC11-R14"]);
  });

  it("checks follow-up cells: unknown recommendation and status, progress out of range, impossible dates, missing status", () => {
    const r = parseSheet(
      sheet([
        ["Pays", "N° reco", "Statut", "Taux de réalisation", "Date de mise à jour", "Échéance"],
        ["Mali", 23, "En cours", "50 %", "01/10/2021", ""],
        ["Mali", 13, "Peut-être", "50 %", "01/10/2021", ""],
        ["Mali", 14, "En cours", 150, "01/10/2021", ""],
        ["Mali", 15, "En cours", "50 %", "31/02/2021", ""],
        ["Mali", 16, "", "50 %", "01/10/2021", "quand possible"],
        ["Mali", 16, "En cours", "50 %", "01/10/2021", ""],
        ["Mali", 16, "En cours", "50 %", "01/10/2021", ""],
      ]),
      ref,
    );
    expect(codes(r)).toEqual([
      "B2 unknown-recommendation",
      "C3 unknown-status",
      "D4 progress-out-of-range",
      "E5 invalid-date",
      "C6 missing-value",
      "F6 unrecognised-deadline",
      "A8 duplicate-key",
    ]);
    expect(r.followUps.map((f) => [f.recommendationId, f.progress, f.updatedOn])).toEqual([["PC11-R16", 50, "2021-10-01"]]);
    expect(r.issues[0]?.message.en).toContain("from 1 to 22");
  });

  it("reads a follow-up sheet with no country column for the administration the pane names", () => {
    const values: CellValue[][] = [
      ["N°", "Statut"],
      ["D2", "Concluído"],
    ];
    expect(codes(parseSheet(sheet(values), ref))).toEqual(["A1 administration-not-found"]);
    const r = parseSheet(sheet(values), ref, { actorId: "GW" });
    expect(r.followUps).toEqual([expect.objectContaining({ recommendationId: "PC11-D2", actorId: "GW", status: "implemented" })]);
  });
});

describe("robustness", () => {
  const cell: fc.Arbitrary<CellValue> = fc.oneof(
    fc.string(),
    fc.constantFrom("Pays", "Indicateur", "Période", "Valeur", "N°", "Statut", "T3 2021", "n/a", "-", "=1+1", "CB-ACT", "Togo"),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  );

  it("never throws, and every non-blank data row is a record, an issue or a skipped row", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 12 }), (values) => {
        const r = parseSheet(sheet(values), ref);
        if (r.headerRow === null) return;
        const accounted = new Set<number>([
          ...r.followUps.map((f) => f.at.row),
          ...r.indicatorValues.map((v) => v.at.row),
          ...r.issues.map((i) => i.row),
          ...r.skipped.map((s) => s.row),
        ]);
        for (let row = r.headerRow + 1; row <= values.length; row++) {
          if (!accounted.has(row) && r.issues.every((i) => i.row !== r.headerRow)) {
            throw new Error(`row ${row} is neither a record, an issue nor skipped`);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
