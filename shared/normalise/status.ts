import type { Status } from "../model/follow-up";
import type { CellValue } from "../pipeline/types";
import type { Parsed } from "./result";
import { fail } from "./result";

/** An implementation status from what sheets write, in French, English or Portuguese. "N/A" is "not-applicable". */
export function parseStatus(cell: CellValue): Parsed<Status> {
  void cell;
  return fail("unknown-status", { fr: "TODO", en: "TODO" });
}
