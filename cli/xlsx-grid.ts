import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { isoToExcelSerial } from "../shared/normalise/date";
import type { CellValue, SheetInput } from "../shared/pipeline/types";

/** Why a file could not be read as a workbook: the CLI exits 2 with this message. */
export class WorkbookReadError extends Error {
  constructor(
    readonly reason: "missing" | "encrypted" | "not-a-workbook",
    message: string,
  ) {
    super(message);
  }
}

// An OLE compound file: a legacy .xls, or an .xlsx that Excel encrypted with a password.
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * Read every worksheet of an .xlsx into the grid Excel's Range.values / Range.numberFormat would give for its
 * used range: dates as serial numbers, formulas as their cached results, merged cells' value only in the
 * top-left cell, "" for empty cells.
 */
export async function readWorkbookGrids(path: string): Promise<SheetInput[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new WorkbookReadError("missing", `File not found or unreadable: ${path}`);
  }
  if (OLE_SIGNATURE.every((b, i) => bytes[i] === b)) {
    throw new WorkbookReadError(
      "encrypted",
      `${path} is password-protected or an old .xls file: open it in Excel and save it as an unprotected .xlsx.`,
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new WorkbookReadError("not-a-workbook", `${path} is not an Excel workbook (.xlsx).`);
  }
  return workbook.worksheets.map(worksheetGrid);
}

export function worksheetGrid(worksheet: ExcelJS.Worksheet): SheetInput {
  const rowCount = worksheet.actualRowCount === 0 ? 0 : worksheet.rowCount;
  let first = { row: Infinity, column: Infinity };
  let last = { row: 0, column: 0 };
  worksheet.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cellValue(cell) === "") return;
      first = { row: Math.min(first.row, r), column: Math.min(first.column, c) };
      last = { row: Math.max(last.row, r), column: Math.max(last.column, c) };
    });
  });
  if (rowCount === 0 || last.row === 0) return { name: worksheet.name, values: [], numberFormats: [] };
  const values: CellValue[][] = [];
  const numberFormats: string[][] = [];
  for (let r = first.row; r <= last.row; r++) {
    const row = worksheet.getRow(r);
    const rowValues: CellValue[] = [];
    const rowFormats: string[] = [];
    for (let c = first.column; c <= last.column; c++) {
      const cell = row.getCell(c);
      rowValues.push(cellValue(cell));
      rowFormats.push(cell.numFmt || "General");
    }
    values.push(rowValues);
    numberFormats.push(rowFormats);
  }
  return { name: worksheet.name, values, numberFormats, origin: { row: first.row - 1, column: first.column - 1 } };
}

function cellValue(cell: ExcelJS.Cell): CellValue {
  // Excel gives a merged range's value in its top-left cell only.
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

/** exceljs reads Excel dates as UTC midnights; Excel's Range.values gives serial numbers. */
function dateSerial(date: Date): number {
  const iso = date.toISOString();
  const whole = isoToExcelSerial(iso.slice(0, 10)) ?? 0;
  const dayFraction = (date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds()) / 86400;
  return whole + dayFraction;
}
