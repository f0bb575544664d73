import type { SheetChange } from "../workbook/adapter";

/** Changes that move cells around: the cached grid no longer lines up, re-read the whole sheet. */
const STRUCTURAL = new Set(["RowInserted", "RowDeleted", "ColumnInserted", "ColumnDeleted", "CellInserted", "CellDeleted", "Unknown"]);

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/**
 * What a worksheet change means for re-checking: the rows touched ("B2:C5" → 2–5), or null to re-read the
 * whole sheet. Our own writes (marks, templates) are ignored where Excel says who made them.
 */
export function changeFromEvent(
  sheet: string,
  event: { address: string; changeType: string; triggerSource?: string },
): SheetChange | null {
  if (event.triggerSource === "ThisLocalAddin") return null;
  if (STRUCTURAL.has(event.changeType)) return { sheet, rows: null };
  const address = event.address.replace(/^.*!/, "").replace(/\$/g, "").toUpperCase();
  const spans: { first: number; last: number }[] = [];
  let lastColumn: number | undefined = 0;
  for (const part of address.split(",")) {
    const cells = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(part);
    const rows = /^(\d+):(\d+)$/.exec(part);
    if (cells) {
      const [r1, r2] = [Number(cells[2]), Number(cells[4] ?? cells[2])];
      spans.push({ first: Math.min(r1, r2), last: Math.max(r1, r2) });
      const c = Math.max(columnNumber(cells[1]!), columnNumber(cells[3] ?? cells[1]!));
      if (lastColumn !== undefined) lastColumn = Math.max(lastColumn, c);
    } else if (rows) {
      spans.push({ first: Number(rows[1]), last: Number(rows[2]) });
      lastColumn = undefined;
    } else {
      return { sheet, rows: null }; // whole columns, or an address we do not read
    }
  }
  return lastColumn === undefined ? { sheet, rows: spans } : { sheet, rows: spans, lastColumn };
}

/** Subscribe to the sheet's changes; the caller keeps the result to remove the handler later. */
export async function watchSheet(
  context: Excel.RequestContext,
  sheetName: string,
  onChange: (change: SheetChange) => void,
): Promise<OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs>> {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const handler = sheet.onChanged.add(async (event) => {
    const change = changeFromEvent(sheetName, event as Excel.WorksheetChangedEventArgs & { triggerSource?: string });
    if (change) onChange(change);
  });
  await context.sync();
  return handler;
}

export async function selectCell(context: Excel.RequestContext, sheetName: string, address: string): Promise<void> {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  sheet.activate();
  sheet.getRange(address).select();
  await context.sync();
}
