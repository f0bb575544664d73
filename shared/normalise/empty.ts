import type { CellValue } from "../pipeline/types";

const SPACES = /[\s\u00a0\u202f\u2007\u200b\ufeff]+/gu;
// The same spaces, for the whole text: a test builds no new string (the pipeline asks this of every cell).
const ONLY_SPACES = /^[\s\u00a0\u202f\u2007\u200b\ufeff]*$/u;

/** An empty cell: "", null, or only spaces (including non-breaking ones). */
export function isBlank(cell: CellValue): boolean {
  return cell === null || (typeof cell === "string" && ONLY_SPACES.test(cell));
}

/**
 * What sheets write for "no value". Not in the list on purpose: "0" (a value), "néant" (French reports use it
 * for "nil", i.e. zero or none), "x" (often a tick), "sans objet" / "not applicable" (a status, not a gap).
 */
const MISSING_MARKERS = new Set([
  // not available
  "n/a", "n.a.", "n.a", "na", "#n/a", "n/d", "n.d.", "n.d", "nd", "s/d", "nc", "n.c.", "n.c",
  "non disponible", "indisponible", "donnee non disponible", "donnees non disponibles", "pas de donnees",
  "non communique", "not available", "no data", "not reported", "nao disponivel", "sem dados",
  // dashes, dots and question marks
  "-", "--", "---", "–", "—", "―", "−", "‒", "...", "…", "?", "??", "???",
]);

function markerKey(text: string): string {
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase().replace(SPACES, " ").trim();
}

/**
 * A cell that says "no value here" explicitly: "n/a", "-", "nd"… Missing means neither zero nor "not
 * applicable". In a status column "N/A" means "not applicable": callers reading statuses test the status
 * vocabulary first (parseStatus does), and only then this.
 */
export function isMissingMarker(cell: CellValue): boolean {
  return typeof cell === "string" && MISSING_MARKERS.has(markerKey(cell));
}

/** "#DIV/0!", "#VALUE!", "#REF!"…: what Range.values gives for a cell whose formula failed ("#N/A" is missing). */
export function isExcelError(cell: CellValue): boolean {
  return typeof cell === "string" && /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|PYTHON!)$/i.test(cell.trim());
}

/** No value at all: blank or an explicit missing marker. */
export function isNoValue(cell: CellValue): boolean {
  return isBlank(cell) || isMissingMarker(cell);
}
