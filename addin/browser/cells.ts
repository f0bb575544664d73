import type ExcelJS from "exceljs";

// Values and number formats are read as the CLI reads them (one conversion, in shared/xlsx).
export { cellValue, numberFormat } from "../../shared/xlsx/worksheet-grid";

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
