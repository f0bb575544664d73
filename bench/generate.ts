import ExcelJS from "exceljs";
import { recommendationId } from "../shared/model/recommendation";
import type { ReferenceData } from "../shared/model/reference";

export type GeneratedKind = "follow-up-long" | "indicator-long" | "indicator-wide";

/** Statuses as sheets write them, consistent with the progress they go with. */
const statusFor = (tenths: number, i: number) =>
  tenths === 0 ? (i % 2 ? "Non entamé" : "Not started") : tenths === 10 ? (i % 2 ? "Réalisé" : "Implemented") : i % 2 ? "En cours" : "in progress";
const PERIOD_SPELLINGS = (year: number, q: number) => [`T${q} ${year}`, `${year}-T${q}`, `Q${q} ${year}`, `${year}Q${q}`];

/**
 * Reference data large enough for generated rows to have keys of their own: a meeting with 999 recommendations
 * and 999 diligences (a sheet numbers them with at most three digits: 7, D7), followed up for each
 * administration and regional body (36 × 1,998 keys, more than the 50,000 rows of the largest sheet), and `size`
 * extra indicators. A sheet of duplicate rows would measure error reporting, not reading.
 */
export function benchReference(ref: ReferenceData, size: number): ReferenceData {
  const meeting = { ...ref.meetings[0]!, id: "BENCH", number: 99, previousMeetingId: undefined };
  const item = (kind: "recommendation" | "diligence", number: string) => ({
    ...ref.recommendations[0]!,
    id: recommendationId("BENCH", number),
    meetingId: "BENCH",
    kind,
    number,
  });
  const recommendations = [
    ...Array.from({ length: 999 }, (_, i) => item("recommendation", String(i + 1))),
    ...Array.from({ length: 999 }, (_, i) => item("diligence", `D${i + 1}`)),
  ];
  const template = ref.indicators.find((i) => i.code === "CB-TRAIN")!;
  const indicators = Array.from({ length: size }, (_, i) => ({
    ...template,
    code: `GEN-${String(i + 1).padStart(4, "0")}`,
    nameFr: `Indicateur généré numéro ${i + 1}`,
    nameEn: `Generated indicator number ${i + 1}`,
    synonyms: [],
  }));
  return { ...ref, meetings: [meeting], recommendations, indicators: [...ref.indicators, ...indicators] };
}

/**
 * A tracking workbook of `rows` data rows, shaped like the region's sheets (a title block, a header, French
 * notation in places, percentages with a % format), for benchmarks and load tests. Deterministic.
 */
export async function generateWorkbook(kind: GeneratedKind, rows: number, ref: ReferenceData): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Données");
  const admins = ref.actors.filter((a) => a.kind === "administration");
  // A recommendation is followed up for each actor it is addressed to: administrations and regional bodies.
  const addressees = ref.actors.filter((a) => a.kind !== "group");
  const indicators = ref.indicators.filter((i) => !i.formula);
  const recommendations = ref.recommendations;
  sheet.addRow([`Tableau généré (${kind}, ${rows} lignes)`]);
  sheet.mergeCells(1, 1, 1, 6);
  sheet.addRow([]);
  if (kind === "follow-up-long") {
    sheet.addRow(["Pays", "N° reco", "Statut", "Taux de réalisation", "Date de mise à jour", "Échéance", "Commentaire"]);
    for (let i = 0; i < rows; i++) {
      const addressee = addressees[i % addressees.length];
      const rec = recommendations[Math.floor(i / addressees.length) % recommendations.length];
      const row = sheet.addRow([
        addressee?.nameFr,
        rec?.number,
        statusFor(i % 11, i),
        (i % 11) / 10,
        new Date(Date.UTC(2021, i % 12, 1 + (i % 28))),
        i % 3 === 0 ? "Permanent" : "31/12/2021",
        i % 5 === 0 ? "=ceci reste du texte" : "",
      ]);
      row.getCell(4).numFmt = "0%";
      row.getCell(5).numFmt = "dd/mm/yyyy";
    }
  } else if (kind === "indicator-long") {
    sheet.addRow(["Pays", "Code indicateur", "Période", "Valeur", "Cible", "Source"]);
    for (let i = 0; i < rows; i++) {
      const admin = admins[i % admins.length];
      const indicator = indicators[Math.floor(i / admins.length) % indicators.length];
      const slot = Math.floor(i / (admins.length * indicators.length));
      const year = 2000 + Math.floor(slot / 4);
      const q = (slot % 4) + 1;
      const value = indicator?.valueType === "percentage" ? (i % 100) / 100 : indicator?.valueType === "duration" ? (i % 997) + 0.5 : i % 997;
      sheet.addRow([
        i % 2 === 0 ? admin?.nameFr : admin?.id,
        indicator?.code,
        PERIOD_SPELLINGS(year, q)[i % 4],
        i % 7 === 0 ? String(value).replace(".", ",") : value,
        i % 4 === 0 ? "" : 100,
        "DRH",
      ]);
      if (indicator?.valueType === "percentage") sheet.lastRow!.getCell(4).numFmt = "0%";
    }
  } else {
    const years = Array.from({ length: 3 }, (_, y) => 2019 + y);
    const periods = years.flatMap((y) => [1, 2, 3, 4].map((q) => `T${q} ${y}`));
    sheet.addRow(["Pays", "Indicateur", "Unité", ...periods, "Commentaire"]);
    for (let i = 0; i < rows; i++) {
      const admin = admins[i % admins.length];
      const indicator = indicators[Math.floor(i / admins.length) % indicators.length];
      sheet.addRow([
        admin?.nameFr,
        indicator?.nameFr,
        indicator?.unit,
        ...periods.map((_, p) => (indicator?.valueType === "percentage" ? ((i + p) % 100) / 100 : (i * 7 + p) % 1000)),
        "",
      ]);
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
