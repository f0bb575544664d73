import type { CellValue } from "../pipeline/types";
import type { Parsed } from "./result";
import { fail } from "./result";

/** The number of an item as the source numbers it ("7", "D1") from 7, "7", "R7", "Reco 7", "D 1", "Diligence 1". */
export function parseRecommendationNumber(cell: CellValue): Parsed<string> {
  void cell;
  return fail("not-a-recommendation-number", { fr: "TODO", en: "TODO" });
}
