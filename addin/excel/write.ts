import type { CellValue } from "../../shared/pipeline/types";
import { ACTION_BYTES, type Batch, jsonBytes, PATH_BYTES, rowBlocks } from "./payload";

/**
 * The number format a written cell gets: text for any non-empty string, so that what we write stays what it
 * says ("=1+1", "-5", "@x", "2021", "1/2" are data, never formulas, numbers or dates); else the column's.
 */
export function formatFor(value: CellValue, columnFormat: string | undefined): string {
  if (typeof value === "string" && value !== "") return "@";
  return columnFormat ?? "General";
}

/**
 * Write a block of rows at (row, column), 0-based, formats before values (a value written into a text cell
 * stays text). Split into as many range writes as the request budget needs; they share the batch's request.
 */
export async function writeRows(
  batch: Batch,
  sheet: Excel.Worksheet,
  row: number,
  column: number,
  rows: readonly CellValue[][],
  formatOf: (rowIndex: number, columnIndex: number, value: CellValue) => string,
): Promise<void> {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  if (rows.length === 0 || width === 0) return;
  const values = rows.map((r) => Array.from({ length: width }, (_, c) => r[c] ?? ""));
  const formats = values.map((r, i) => r.map((v, c) => formatOf(i, c, v)));
  const overhead = PATH_BYTES + 2 * ACTION_BYTES;
  const blocks = rowBlocks(values.length, (i) => jsonBytes(values[i]) + jsonBytes(formats[i]) + 2, batch.budget - overhead);
  for (const block of blocks) {
    await batch.reserve(overhead + block.bytes);
    const range = sheet.getRangeByIndexes(row + block.start, column, block.count, width);
    range.numberFormat = formats.slice(block.start, block.start + block.count);
    range.values = values.slice(block.start, block.start + block.count);
  }
}

/** Set one number format on a column's cells (a 2D array: Excel wants one entry per cell). */
export async function formatColumn(batch: Batch, sheet: Excel.Worksheet, row: number, column: number, count: number, format: string): Promise<void> {
  if (count <= 0) return;
  const cell = jsonBytes(format) + 3;
  const perBlock = Math.max(1, Math.floor((batch.budget - PATH_BYTES - ACTION_BYTES) / cell));
  for (let start = 0; start < count; start += perBlock) {
    const n = Math.min(perBlock, count - start);
    await batch.reserve(PATH_BYTES + ACTION_BYTES + n * cell);
    sheet.getRangeByIndexes(row + start, column, n, 1).numberFormat = Array.from({ length: n }, () => [format]);
  }
}
