import type { CellValue, SheetInput } from "../../shared/pipeline/types";
import type { ColumnSpan, OperationOptions, RowSpan, RowValues } from "../workbook/adapter";
import { throwIfAborted } from "../workbook/adapter";
import { isPayloadLimitError } from "./errors";
import { Batch, jsonBytes, PATH_BYTES, PAYLOAD_BUDGET } from "./payload";

/** Rows read with the dimensions to estimate the size of the rest. */
const SAMPLE_ROWS = 200;
/** Estimates from a sample can be beaten by the rows after it: plan with a quarter more than the largest sampled row, and halve on refusal. */
const SAFETY = 1.25;

export async function activeSheetName(context: Excel.RequestContext): Promise<string> {
  const sheet = context.workbook.worksheets.getActiveWorksheet();
  sheet.load("name");
  await context.sync();
  return sheet.name;
}

export async function visibleSheetNames(context: Excel.RequestContext): Promise<string[]> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name,items/visibility");
  await context.sync();
  return sheets.items.filter((s) => s.visibility === "Visible").map((s) => s.name);
}

interface Block {
  /** 0-based sheet row of the block's first row. */
  row: number;
  count: number;
}

/**
 * The used range's values and number formats. Two syncs whatever the size: the dimensions with a sample of
 * the first rows, then every row, in as many requests as the 5 MB response limit forces.
 */
export async function readUsedRange(context: Excel.RequestContext, sheetName: string, options: OperationOptions = {}): Promise<SheetInput> {
  const batch = new Batch(context, options);
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const used = sheet.getUsedRange(true);
  used.load("rowIndex,columnIndex,rowCount,columnCount");
  const sample = used.getCell(0, 0).getResizedRange(SAMPLE_ROWS - 1, 0).getEntireRow().getIntersection(used);
  sample.load("values,numberFormat");
  await batch.flush();

  const { rowIndex, columnIndex, rowCount, columnCount } = used;
  let perRow = 0;
  const sampleValues = sample.values as CellValue[][];
  const sampleFormats = sample.numberFormat as string[][];
  for (let i = 0; i < sampleValues.length; i++) perRow = Math.max(perRow, jsonBytes(sampleValues[i]) + jsonBytes(sampleFormats[i]));
  const rowBytes = Math.max(perRow, columnCount * 4) * SAFETY;

  const values: CellValue[][] = new Array(rowCount);
  const numberFormats: string[][] = new Array(rowCount);
  const perBlock = Math.max(1, Math.floor(PAYLOAD_BUDGET / rowBytes));
  const blocks: Block[] = [];
  for (let start = 0; start < rowCount; start += perBlock) blocks.push({ row: rowIndex + start, count: Math.min(perBlock, rowCount - start) });

  await loadBlocks(context, batch, blocks, rowBytes, options, (block, range) => {
    const v = range.values as CellValue[][];
    const f = range.numberFormat as string[][];
    for (let i = 0; i < block.count; i++) {
      values[block.row - rowIndex + i] = v[i] ?? [];
      numberFormats[block.row - rowIndex + i] = f[i] ?? [];
    }
  }, (block) => sheet.getRangeByIndexes(block.row, columnIndex, block.count, columnCount), rowCount);

  return { name: sheetName, values, numberFormats, origin: { row: rowIndex, column: columnIndex } };
}

/**
 * Load blocks of rows, as many per request as the response budget allows. A request that Excel still finds
 * too large (the sample underestimated the rows) is retried with rows assumed twice as large.
 */
async function loadBlocks(
  context: Excel.RequestContext,
  batch: Batch,
  blocks: Block[],
  rowBytes: number,
  options: OperationOptions,
  take: (block: Block, range: Excel.Range) => void,
  rangeOf: (block: Block) => Excel.Range,
  totalRows: number,
): Promise<void> {
  let pending = [...blocks];
  let size = rowBytes;
  let done = 0;
  let first = true;
  while (pending.length > 0) {
    throwIfAborted(options.signal);
    const request: { block: Block; range: Excel.Range }[] = [];
    let bytes = 0;
    while (pending.length > 0) {
      const block = pending[0]!;
      const blockBytes = block.count * size;
      if (request.length > 0 && bytes + blockBytes > PAYLOAD_BUDGET) break;
      pending.shift();
      const range = rangeOf(block);
      range.load("values,numberFormat");
      request.push({ block, range });
      bytes += blockBytes;
    }
    try {
      if (first) await batch.flush();
      else await batch.flushForced();
      first = false;
    } catch (error) {
      if (!isPayloadLimitError(error) || request.every((r) => r.block.count === 1)) throw error;
      size *= 2;
      const perBlock = Math.max(1, Math.floor(PAYLOAD_BUDGET / size));
      pending = request.flatMap(({ block }) => split(block, perBlock)).concat(pending);
      continue;
    }
    for (const { block, range } of request) {
      take(block, range);
      done += block.count;
    }
    options.onProgress?.({ done, total: totalRows });
  }
}

function split(block: Block, perBlock: number): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < block.count; i += perBlock) out.push({ row: block.row + i, count: Math.min(perBlock, block.count - i) });
  return out;
}

/** Whole rows over the given columns: what a re-check after an edit reads. One sync unless the rows are many. */
export async function readRowSpans(
  context: Excel.RequestContext,
  sheetName: string,
  spans: RowSpan[],
  columns: ColumnSpan,
  options: OperationOptions = {},
): Promise<RowValues[]> {
  const batch = new Batch(context, options);
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const width = columns.last - columns.first + 1;
  // No sample here: plan with a generous size per cell; edits are a few rows.
  const rowBytes = width * 128 + PATH_BYTES;
  const blocks: Block[] = [];
  const perBlock = Math.max(1, Math.floor(PAYLOAD_BUDGET / rowBytes));
  for (const span of spans) {
    for (let r = span.first; r <= span.last; r += perBlock) blocks.push({ row: r - 1, count: Math.min(perBlock, span.last - r + 1) });
  }
  const out: RowValues[] = [];
  const total = blocks.reduce((n, b) => n + b.count, 0);
  if (blocks.length === 0) return out;
  await loadBlocks(context, batch, blocks, rowBytes, options, (block, range) => {
    const v = range.values as CellValue[][];
    const f = range.numberFormat as string[][];
    for (let i = 0; i < block.count; i++) out.push({ row: block.row + i + 1, values: v[i] ?? [], numberFormats: f[i] ?? [] });
  }, (block) => sheet.getRangeByIndexes(block.row, columns.first - 1, block.count, width), total);
  return out.sort((a, b) => a.row - b.row);
}
