import type { Deadline } from "../model/deadline";
import type { CellValue } from "../pipeline/types";
import type { Parsed } from "./result";
import { fail } from "./result";

/**
 * A due date: a date (parseDate), the end of a period written in words ("fin juin 2021", "fin 2021",
 * "2e semestre 2021", "T3 2021"), a recurring deadline ("fin novembre de chaque année") or an open one
 * ("Permanent", "Continu", "dès signature"). Unrecognised text fails with "unrecognised-deadline".
 */
export function parseDeadline(cell: CellValue, numberFormat?: string): Parsed<Deadline> {
  void cell;
  void numberFormat;
  return fail("unrecognised-deadline", { fr: "TODO", en: "TODO" });
}
