import type { CellValue } from "../pipeline/types";
import { isBlank, isMissingMarker } from "./empty";
import type { Parsed } from "./result";
import { fail, ok, quote } from "./result";
import { fold } from "./text";

const NUMBERED = /^(?:(?:r|rec|reco|recom|recommandation|recommendation|recomendacao)\s+)?(?:(?:n|no|nr|num|numero)\s+)?0*(\d{1,3})(?:\s+(?:e|er|eme|o))?$/;
const DILIGENCE = /^(?:d|dil|diligence|diligencia)\s+(?:(?:n|no|num|numero)\s+)?0*(\d{1,3})$/;
/** A full id: "PC11-R07", "PC11-D1". */
const FULL_ID = /^[a-z]+\s+\d+\s+([rd])\s+0*(\d{1,3})$/;

/**
 * The number of an item as the source numbers it ("7", "D1") from 7, "7", "07", "R7", "R07", "Reco 7",
 * "Recommandation n°7", "D1", "D 1", "Diligence 1", "PC11-R07". Fails with "not-a-recommendation-number".
 */
export function parseRecommendationNumber(cell: CellValue): Parsed<string> {
  if (isBlank(cell)) return fail("empty", { fr: "Cellule vide.", en: "Empty cell." });
  if (isMissingMarker(cell)) {
    return fail("missing", { fr: `Numéro déclaré manquant (${quote(String(cell), "fr")}).`, en: `Number declared missing (${quote(String(cell))}).` });
  }
  if (typeof cell === "number" && Number.isInteger(cell) && cell >= 1 && cell <= 999) return ok(String(cell));
  if (typeof cell === "string") {
    const key = fold(cell).replace(/(\d)(?=\p{L})|(\p{L})(?=\d)/gu, "$1$2 ");
    let m = NUMBERED.exec(key);
    if (m && Number(m[1]) >= 1) return ok(String(Number(m[1])));
    m = DILIGENCE.exec(key);
    if (m && Number(m[1]) >= 1) return ok(`D${Number(m[1])}`);
    m = FULL_ID.exec(key);
    if (m && Number(m[2]) >= 1) return ok(m[1] === "d" ? `D${Number(m[2])}` : String(Number(m[2])));
  }
  const text = String(cell);
  return fail("not-a-recommendation-number", {
    fr: `${quote(text, "fr")} n'est pas un numéro de recommandation (7, R7, D1).`,
    en: `${quote(text)} is not a recommendation number (7, R7, D1).`,
  });
}
