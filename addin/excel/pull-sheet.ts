import type { CellValue } from "../../shared/pipeline/types";
import { syncBoth } from "../i18n/sync-messages";
import type { CellWrite } from "../sync/conflicts";
import type { RegionTable } from "../sync/region-table";
import { WorkbookError, type OperationOptions } from "../workbook/adapter";
import { uniqueSheetName } from "../workbook/names";
import { POINTS_PER_CHAR } from "./issues-sheet";
import { ACTION_BYTES, Batch, jsonBytes, PATH_BYTES, PAYLOAD_BUDGET, rowBlocks } from "./payload";
import { formatFor, writeRows } from "./write";

/**
 * The region's records in a native Excel table on a sheet of its own ("Région" / "Region"). The table's
 * columns are the add-in's; the user may add columns to the right (inside the table or beside it), sort,
 * filter and format as they like: a refresh finds rows by the key in the first column and rewrites only the
 * add-in's columns of those rows (values and number formats: text cells as text, so that "=…", "+…", "-…",
 * "@…" stay text), and appends the new records at the bottom. Four syncs whatever the number of rows (two
 * for a new table), apart from the chunks that the 5 MB request limit forces.
 */

export interface RegionWriteReport {
  sheet: string;
  table: string;
  created: boolean;
  /** Rows rewritten in place, and rows added. */
  updated: number;
  appended: number;
  syncs: number;
  forced: number;
}

export const REGION_TABLE_STYLE = "TableStyleMedium2";
/** What we plan for one key cell in a response (our keys are ~20 characters; a user's text may be longer). */
const KEY_CELL_BYTES = 96;

/** Sheet names as Excel takes them: one rule for both adapters. */
export { uniqueSheetName };

export async function writeRegionTable(context: Excel.RequestContext, spec: RegionTable, options: OperationOptions = {}): Promise<RegionWriteReport> {
  const batch = new Batch(context, options);
  const existing = context.workbook.tables.getItemOrNullObject(spec.tableName);
  existing.load("name");
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await batch.flush(); // 1: is the table there?

  if (existing.isNullObject) return createTable(context, batch, spec, sheets.items.map((s) => s.name), options);

  const sheet = existing.worksheet;
  sheet.load("name");
  const whole = existing.getRange();
  whole.load("rowIndex,columnIndex,rowCount,columnCount");
  const header = existing.getHeaderRowRange();
  header.load("values");
  await batch.flush(); // 2: where it is, its header

  const width = spec.columns.length;
  const headerValues = (header.values[0] ?? []) as CellValue[];
  if (whole.columnCount < width || !spec.keyHeaders.includes(String(headerValues[0] ?? "").trim())) {
    throw new WorkbookError(syncBoth("region.tableChanged", { table: spec.tableName }), "region-table-changed");
  }
  const bodyRow = whole.rowIndex + 1;
  const bodyCount = whole.rowCount - 1;
  const column = whole.columnIndex;

  // 3: the keys of the rows already there (the first column only), in as many requests as the response limit needs
  const keyRanges: { start: number; range: Excel.Range }[] = [];
  const perBlock = Math.max(1, Math.floor((PAYLOAD_BUDGET - PATH_BYTES) / KEY_CELL_BYTES));
  for (let start = 0; start < bodyCount; start += perBlock) {
    const count = Math.min(perBlock, bodyCount - start);
    await batch.reserve(PATH_BYTES + ACTION_BYTES, count * KEY_CELL_BYTES);
    const range = sheet.getRangeByIndexes(bodyRow + start, column, count, 1);
    range.load("values");
    keyRanges.push({ start, range });
  }
  await batch.flush();
  const rowOfKey = new Map<string, number>();
  let lastKeyed = -1;
  for (const { start, range } of keyRanges) {
    (range.values as CellValue[][]).forEach((r, i) => {
      const key = String(r[0] ?? "");
      if (key !== "" && !rowOfKey.has(key)) rowOfKey.set(key, start + i);
      if (key !== "") lastKeyed = start + i;
    });
  }

  // 4: rewrite the rows found, in runs of adjacent rows; add the others at the bottom
  const updates: { index: number; row: CellValue[] }[] = [];
  const appends: CellValue[][] = [];
  for (const row of spec.rows) {
    const index = rowOfKey.get(String(row[0]));
    if (index === undefined) appends.push(row);
    else updates.push({ index, row });
  }
  updates.sort((a, b) => a.index - b.index);
  const formatOf = (_r: number, c: number, v: CellValue) => formatFor(v, spec.columns[c]?.numberFormat);
  for (let i = 0; i < updates.length; ) {
    let j = i + 1;
    while (j < updates.length && updates[j]!.index === updates[j - 1]!.index + 1) j++;
    await writeRows(batch, sheet, bodyRow + updates[i]!.index, column, updates.slice(i, j).map((u) => u.row), formatOf);
    i = j;
  }
  // Excel keeps an empty row in a table that has no data: the first new record goes there.
  const reuse = lastKeyed < 0 && bodyCount === 1 && appends.length > 0 ? 1 : 0;
  const added = appends.length - reuse;
  if (added > 0) {
    const blank = Array.from({ length: whole.columnCount }, () => "");
    const rowBytes = jsonBytes(blank) + 1;
    for (const block of rowBlocks(added, () => rowBytes, batch.budget - PATH_BYTES - ACTION_BYTES)) {
      await batch.reserve(PATH_BYTES + ACTION_BYTES + block.bytes);
      existing.rows.add(undefined, Array.from({ length: block.count }, () => blank));
    }
  }
  if (appends.length > 0) await writeRows(batch, sheet, bodyRow + bodyCount - reuse, column, appends, formatOf);
  await batch.flush();
  return { sheet: sheet.name, table: spec.tableName, created: false, updated: updates.length, appended: appends.length, syncs: batch.syncs, forced: batch.forced };
}

async function createTable(context: Excel.RequestContext, batch: Batch, spec: RegionTable, taken: string[], options: OperationOptions): Promise<RegionWriteReport> {
  const name = uniqueSheetName(spec.sheetName, taken);
  const sheet = context.workbook.worksheets.add(name);
  const width = spec.columns.length;
  await writeRows(batch, sheet, 0, 0, [spec.columns.map((c) => c.header)], () => "@");
  await writeRows(batch, sheet, 1, 0, spec.rows, (_r, c, v) => formatFor(v, spec.columns[c]?.numberFormat));
  await batch.reserve(4 * PATH_BYTES + 4 * ACTION_BYTES);
  const table = sheet.tables.add(sheet.getRangeByIndexes(0, 0, Math.max(1, spec.rows.length) + 1, width), true);
  table.name = spec.tableName;
  table.style = REGION_TABLE_STYLE;
  sheet.freezePanes.freezeRows(1);
  for (const [c, column] of spec.columns.entries()) {
    await batch.reserve(3 * PATH_BYTES + ACTION_BYTES);
    sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = column.width * POINTS_PER_CHAR;
  }
  options.onProgress?.({ done: spec.rows.length, total: spec.rows.length });
  await batch.flush(); // 2: the sheet, its table, its rows
  return { sheet: name, table: spec.tableName, created: true, updated: 0, appended: spec.rows.length, syncs: batch.syncs, forced: batch.forced };
}

/**
 * Write single cells on a sheet (the region's values chosen in a conflict), number format first where one
 * is given. One sync, apart from forced chunks.
 */
export async function writeCells(context: Excel.RequestContext, sheetName: string, writes: readonly CellWrite[], options: OperationOptions = {}): Promise<{ syncs: number; forced: number }> {
  const batch = new Batch(context, options);
  const sheet = context.workbook.worksheets.getItem(sheetName);
  for (const w of writes) {
    await batch.reserve(PATH_BYTES + 2 * ACTION_BYTES + jsonBytes(w.value) + (w.numberFormat ? jsonBytes(w.numberFormat) : 0) + 8);
    const cell = sheet.getRangeByIndexes(w.row - 1, w.column - 1, 1, 1);
    if (w.numberFormat) cell.numberFormat = [[w.numberFormat]];
    cell.values = [[w.value ?? ""]];
  }
  await batch.flush();
  return { syncs: batch.syncs, forced: batch.forced };
}
