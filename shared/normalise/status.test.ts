import { describe, expect, it } from "vitest";
import { parseStatus } from "./status";

const value = (r: ReturnType<typeof parseStatus>) => (r.ok ? r.value : r.reason);

describe("parseStatus", () => {
  const cases: Record<string, string[]> = {
    "not-started": ["Non entamé", "Non démarré", "Non réalisé", "Not started", "Não iniciado", "NON ENTAME", "non entamée", "Not implemented", "Pas encore démarré"],
    "in-progress": ["En cours", "Partiellement réalisé", "En cours de réalisation", "Ongoing", "In progress", "Em curso", "en cours ", "Partially implemented", "EN COURS DE MISE EN OEUVRE"],
    implemented: ["Réalisé", "Mis en œuvre", "Exécuté", "Achevé", "Implemented", "Completed", "Done", "Concluído", "réalisé ", "REALISE", "Mis en oeuvre", "Réalisée", "Achevées", "1 - Réalisé", "Réalisé (100 %)", "Réalisé."],
    "not-applicable": ["Sans objet", "N/A", "n/a", "NA", "Not applicable", "Não aplicável", "S/O", "Non applicable"],
  };
  for (const [status, spellings] of Object.entries(cases)) {
    it.each(spellings)(`%j is ${status}`, (cell) => expect(value(parseStatus(cell))).toBe(status));
  }

  it.each([
    ["", "empty"],
    [null, "empty"],
    ["-", "missing"],
    ["nd", "missing"],
    ["Peut-être", "unknown-status"],
    ["Réalisé à moitié", "unknown-status"],
    [1, "unknown-status"],
    [true, "unknown-status"],
  ])("rejects %j (%s)", (cell, reason) => {
    const r = parseStatus(cell);
    expect(value(r)).toBe(reason);
    if (!r.ok) expect(r.message.fr).not.toBe(r.message.en);
  });
});
