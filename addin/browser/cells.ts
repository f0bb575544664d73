import type ExcelJS from "exceljs";
import { isoToExcelSerial } from "../../shared/normalise/date";
import type { CellValue } from "../../shared/pipeline/types";

/**
 * exceljs cells seen the way Excel's Range.values shows them (dates as serials, formulas as their results,
 * merged cells' value in the top-left cell only), and the fills and notes that marks use.
 * (cli/xlsx-grid does the same conversion for the CLI but reads files with node:fs; this one runs in a page.)
 */
export function cellValue(cell: ExcelJS.Cell): CellValue {
  if (cell.isMerged && cell.master.address !== cell.address) return "";
  return plain(cell.value);
}

function plain(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return "";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return dateSerial(value);
  if ("richText" in value) return value.richText.map((t) => t.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined ? "" : plain(result as ExcelJS.CellValue);
  }
  if ("hyperlink" in value) return String(value.text ?? value.hyperlink);
  if ("error" in value) return String(value.error);
  return "";
}

function dateSerial(date: Date): number {
  const whole = isoToExcelSerial(date.toISOString().slice(0, 10)) ?? 0;
  return whole + (date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds()) / 86400;
}

export function numberFormat(cell: ExcelJS.Cell): string {
  return cell.numFmt || "General";
}

/**
 * The fill as marks remember it: "#RRGGBB" for a solid fill, "json:…" for any other (gradients, patterns),
 * null for none.
 */
export function getFill(cell: ExcelJS.Cell): string | null {
  const fill = cell.fill as ExcelJS.Fill | undefined;
  if (!fill || (fill.type === "pattern" && fill.pattern === "none")) return null;
  if (fill.type === "pattern" && fill.pattern === "solid" && fill.fgColor?.argb) return `#${fill.fgColor.argb.slice(-6).toUpperCase()}`;
  return `json:${JSON.stringify(fill)}`;
}

/** Set or remove a fill. The style is copied first: exceljs may share one style object between cells. */
export function setFill(cell: ExcelJS.Cell, fill: string | null): void {
  const style = { ...cell.style };
  if (fill === null) delete style.fill;
  else if (fill.startsWith("json:")) style.fill = JSON.parse(fill.slice(5)) as ExcelJS.Fill;
  else style.fill = { type: "pattern", pattern: "solid", fgColor: { argb: `FF${fill.slice(1).toUpperCase()}` } };
  cell.style = style;
}

export function setNumberFormat(cell: ExcelJS.Cell, format: string): void {
  cell.style = { ...cell.style, numFmt: format };
}

export function getNote(cell: ExcelJS.Cell): string | null {
  const note = cell.note as string | ExcelJS.Comment | undefined;
  if (note === undefined || note === null) return null;
  if (typeof note === "string") return note;
  return (note.texts ?? []).map((t) => t.text).join("");
}

export function setNote(cell: ExcelJS.Cell, text: string | null): void {
  if (text !== null) {
    cell.note = text;
    return;
  }
  // exceljs has no public way to remove a note: drop the cell's comment.
  (cell as unknown as { _comment?: unknown })._comment = undefined;
}
