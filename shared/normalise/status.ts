import type { Status } from "../model/follow-up";
import type { CellValue } from "../pipeline/types";
import { isBlank, isMissingMarker } from "./empty";
import type { Parsed } from "./result";
import { fail, ok, quote } from "./result";
import { fold } from "./text";

/** What sheets write for each status, folded (see fold). French, English, Portuguese. */
const VOCABULARY: Record<Status, string[]> = {
  "not-started": [
    "non entame", "non demarre", "non realise", "non commence", "pas commence", "pas demarre", "pas encore demarre",
    "pas encore entame", "pas encore realise", "non execute", "non mis en oeuvre", "non engage", "a faire", "a demarrer",
    "not started", "not yet started", "not implemented", "not done", "to do", "todo",
    "nao iniciado", "nao iniciada", "nao comecado", "nao realizado", "nao implementado", "por iniciar", "nao executado",
  ],
  "in-progress": [
    "en cours", "en cours de realisation", "en cours d execution", "en cours de mise en oeuvre", "en cours de traitement",
    "partiellement realise", "partiellement mis en oeuvre", "partiellement execute", "entame", "demarre", "commence",
    "ongoing", "on going", "in progress", "in process", "underway", "under way", "started", "partially implemented",
    "partially done", "partly implemented", "partially completed",
    "em curso", "em andamento", "em execucao", "em progresso", "iniciado", "parcialmente implementado",
    "parcialmente realizado", "parcialmente executado", "em implementacao",
  ],
  implemented: [
    "realise", "mis en oeuvre", "execute", "acheve", "termine", "fait", "finalise", "accompli", "totalement realise",
    "entierement realise", "completement realise", "totalement mis en oeuvre", "entierement mis en oeuvre",
    "implemented", "completed", "complete", "done", "achieved", "accomplished", "finished", "fully implemented",
    "concluido", "realizado", "implementado", "executado", "cumprido", "terminado", "finalizado", "totalmente implementado",
  ],
  "not-applicable": [
    "sans objet", "n a", "na", "n a n a", "non applicable", "non pertinent", "ne s applique pas", "s o",
    "not applicable", "not relevant", "does not apply", "nao aplicavel", "nao se aplica",
  ],
};

const LOOKUP: ReadonlyMap<string, Status> = new Map(
  (Object.entries(VOCABULARY) as [Status, string[]][]).flatMap(([status, words]) => words.map((w) => [w, status] as const)),
);

/** "réalisée", "achevées", "terminés": agreement endings do not change the status. */
function withoutAgreement(key: string): string {
  return key
    .split(" ")
    .map((w) => w.replace(/(?<=[a-z]{3})(ee|ees|es)$/, "e"))
    .join(" ");
}

/** The key of a status text: folded, with a leading list number ("1 - Réalisé") and a trailing "(100 %)" dropped. */
function keys(text: string): string[] {
  const bare = text.replace(/\([^)]*\)/g, " ").replace(/^\s*\d+\s*[-.):]\s*/, "");
  const candidates = [fold(text), fold(bare)];
  return [...new Set(candidates.flatMap((k) => [k, withoutAgreement(k)]))];
}

/**
 * An implementation status from what sheets write, in French, English or Portuguese, any case, with or without
 * accents ("Non entamé", "En cours", "Réalisé", "REALISE", "Mis en oeuvre", "Partially implemented", "Concluído",
 * "Sans objet"). "N/A" and "NA" are "not-applicable" here: in a status column they are a status, not a missing
 * value; other missing markers ("-", "nd") fail with "missing". Unknown text fails with "unknown-status".
 */
export function parseStatus(cell: CellValue): Parsed<Status> {
  if (typeof cell === "string") {
    for (const key of keys(cell)) {
      const status = LOOKUP.get(key);
      if (status) return ok(status);
    }
  }
  if (isBlank(cell)) return fail("empty", { fr: "Cellule vide.", en: "Empty cell." });
  if (isMissingMarker(cell)) {
    return fail("missing", { fr: `Statut déclaré manquant (${quote(String(cell), "fr")}).`, en: `Status declared missing (${quote(String(cell))}).` });
  }
  const text = String(cell);
  return fail("unknown-status", {
    fr: `${quote(text, "fr")} n'est pas un statut connu (Non entamé, En cours, Réalisé, Sans objet).`,
    en: `${quote(text)} is not a known status (Not started, In progress, Implemented, Not applicable).`,
  });
}
