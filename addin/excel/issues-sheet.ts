import type { CellValue } from "../../shared/pipeline/types";
import type { IssuesTable, OperationOptions } from "../workbook/adapter";
import { linkFormula } from "../workbook/names";
import { ACTION_BYTES, Batch, jsonBytes, PATH_BYTES, rowBlocks } from "./payload";
import { writeRows } from "./write";

export const HEADER_FILL = "#DDEBF7";
/** Points per character of column width, near enough for Calibri 11. */
export const POINTS_PER_CHAR = 7;

/**
 * Write the issues sheet, replacing its contents if it exists (so that its place, colour and any formula
 * pointing at it survive). Two syncs whatever the number of issues, apart from forced chunks.
 */
export async function writeIssuesSheet(context: Excel.RequestContext, table: IssuesTable, options: OperationOptions = {}): Promise<{ name: string; syncs: number; forced: number }> {
  const batch = new Batch(context, options);
  const existing = context.workbook.worksheets.getItemOrNullObject(table.name);
  existing.load("name");
  await batch.flush(); // 1: does it exist?

  let sheet: Excel.Worksheet;
  if (existing.isNullObject) {
    sheet = context.workbook.worksheets.add(table.name);
  } else {
    sheet = existing;
    sheet.freezePanes.unfreeze();
    sheet.getRange().clear();
  }
  const headerRow = 2; // 0-based: title, blank, header
  await batch.reserve(6 * PATH_BYTES + 8 * ACTION_BYTES + jsonBytes(table.title) + jsonBytes(table.headers) * 2);
  const title = sheet.getRange("A1");
  title.numberFormat = [["@"]];
  title.values = [[table.title]];
  title.format.font.bold = true;
  await writeRows(batch, sheet, headerRow, 0, [table.headers], () => "@");
  const header = sheet.getRangeByIndexes(headerRow, 0, 1, table.headers.length);
  header.format.font.bold = true;
  header.format.fill.color = HEADER_FILL;
  sheet.freezePanes.freezeRows(headerRow + 1);

  // Every column as text, except the link column, which holds formulas.
  const rows: CellValue[][] = table.rows.map((r) => r.map((v, c) => (c === table.linkColumn ? "" : v)));
  await writeRows(batch, sheet, headerRow + 1, 0, rows, (_r, c, v) => (c === table.linkColumn ? "General" : typeof v === "number" ? "General" : "@"));
  const links = table.links.map((address, i) => [address ? `=${linkFormula(table.source, address)}` : String(table.rows[i]?.[table.linkColumn] ?? "")]);
  const overhead = PATH_BYTES + ACTION_BYTES;
  for (const block of rowBlocks(links.length, (i) => jsonBytes(links[i]) + 1, batch.budget - overhead)) {
    await batch.reserve(overhead + block.bytes);
    sheet.getRangeByIndexes(headerRow + 1 + block.start, table.linkColumn, block.count, 1).formulas = links.slice(block.start, block.start + block.count);
  }
  for (const [c, width] of table.widths.entries()) {
    await batch.reserve(3 * PATH_BYTES + ACTION_BYTES);
    sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = width * POINTS_PER_CHAR;
  }
  await batch.flush(); // 2: write
  return { name: table.name, syncs: batch.syncs, forced: batch.forced };
}
