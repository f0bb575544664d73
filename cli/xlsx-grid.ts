import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import type { SheetInput } from "../shared/pipeline/types";
import { worksheetGrid } from "../shared/xlsx/worksheet-grid";

export { worksheetGrid };

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
 * Read every worksheet of an .xlsx file into the grid Excel's Range.values / Range.numberFormat would give for
 * its used range (see shared/xlsx/worksheet-grid).
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
