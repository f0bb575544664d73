// Types only: shared/ never loads exceljs itself. The CLI (Node) and the pane's browser mode each load it and
// hand their worksheets here, so that both see a workbook exactly as the pipeline expects it.
import type ExcelJS from "exceljs";
import { isoToExcelSerial } from "../normalise/date";
import type { CellValue, SheetInput } from "../pipeline/types";

/**
 * An exceljs cell the way Excel's Range.values shows it: dates as serial numbers, formulas as their cached
 * results, a merged range's value in its top-left cell only, "" for an empty cell.
 */
export function cellValue(cell: ExcelJS.Cell): CellValue {
  if (cell.isMerged && cell.master.address !== cell.address) return "";
  return plain(cell.value);
}

/** The cell's number format, as Range.numberFormat gives it. */
export function numberFormat(cell: ExcelJS.Cell): string {
  return cell.numFmt || "General";
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

/** exceljs reads Excel dates as UTC instants; Range.values gives serial numbers (days since 1899-12-30). */
function dateSerial(date: Date): number {
  const whole = isoToExcelSerial(date.toISOString().slice(0, 10)) ?? 0;
  return whole + (date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds()) / 86400;
}

/** A worksheet's used range (the smallest block holding every non-empty cell), as the pipeline reads it. */
export function worksheetGrid(worksheet: ExcelJS.Worksheet): SheetInput {
  let first = { row: Infinity, column: Infinity };
  let last = { row: 0, column: 0 };
  worksheet.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cellValue(cell) === "") return;
      first = { row: Math.min(first.row, r), column: Math.min(first.column, c) };
      last = { row: Math.max(last.row, r), column: Math.max(last.column, c) };
    });
  });
  if (last.row === 0) return { name: worksheet.name, values: [], numberFormats: [] };
  const values: CellValue[][] = [];
  const numberFormats: string[][] = [];
  for (let r = first.row; r <= last.row; r++) {
    const row = worksheet.getRow(r);
    const rowValues: CellValue[] = [];
    const rowFormats: string[] = [];
    for (let c = first.column; c <= last.column; c++) {
      const cell = row.getCell(c);
      rowValues.push(cellValue(cell));
      rowFormats.push(numberFormat(cell));
    }
    values.push(rowValues);
    numberFormats.push(rowFormats);
  }
  return { name: worksheet.name, values, numberFormats, origin: { row: first.row - 1, column: first.column - 1 } };
}
