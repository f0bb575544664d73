import type { CellMark, MarkOptions, MarkReport } from "../workbook/adapter";
import {
  affectedMarks,
  cellsToInspect,
  fillRuns,
  planMarks,
  STORE_NAMESPACE,
  storeFromXml,
  storeToXml,
  type CellState,
  type MarkStore,
} from "../workbook/marks";
import type { ExcelCapabilities } from "./capabilities";
import { ACTION_BYTES, Batch, jsonBytes, LOADED_BYTES, PATH_BYTES } from "./payload";

/**
 * Marks in Excel: fills and notes on the cells with issues, remembered in a custom XML part of the workbook
 * (invisible, saved with the file, unlimited in practice) so that the next check, even after the workbook
 * was closed, removes exactly its own marks. Four syncs whatever the number of marks: read the store's parts,
 * read their XML, read the cells' current fills and notes, write.
 */

/** Comments (ExcelApi 1.10) stand in for notes where notes (1.18) are missing. */
type NoteMode = "notes" | "comments" | "none";

function noteMode(caps: ExcelCapabilities): NoteMode {
  return caps.notes ? "notes" : caps.comments ? "comments" : "none";
}

/** Excel without fill patterns reports white for "no fill": treat it as none (restoring it clears the fill). */
function fillOf(fill: Excel.RangeFill, caps: ExcelCapabilities): string | null {
  if (caps.fillPattern && fill.pattern === "None") return null;
  if (!fill.color || (!caps.fillPattern && fill.color.toUpperCase() === "#FFFFFF")) return null;
  return fill.color.toUpperCase();
}

export async function applyMarks(
  context: Excel.RequestContext,
  caps: ExcelCapabilities,
  sheetName: string,
  marks: CellMark[],
  options: MarkOptions = {},
): Promise<MarkReport & { syncs: number; forced: number }> {
  const batch = new Batch(context, options);
  const mode = noteMode(caps);
  const sheet = context.workbook.worksheets.getItem(sheetName);
  sheet.load("id");
  const parts = context.workbook.customXmlParts.getByNamespace(STORE_NAMESPACE);
  parts.load("items/id");
  const comments = mode === "comments" ? sheet.comments : undefined;
  comments?.load("items/id,items/content");
  await batch.flush(); // 1: the store's parts (and the sheet's comments)

  const xml = parts.items.map((p) => p.getXml());
  const commentCells = comments?.items.map((c) => {
    const where = c.getLocation();
    where.load("address");
    return { comment: c, where };
  });
  await batch.flush(); // 2: the store, and where the comments are

  const store: MarkStore = storeFromXml(xml[0]?.value);
  const previous = store.sheets[sheet.id]?.marks ?? [];
  const rows = options.rows ? new Set(options.rows) : null;
  const { affected, kept } = affectedMarks(previous, rows, marks);
  const addresses = cellsToInspect(affected, marks);
  const commentAt = new Map<string, Excel.Comment>();
  for (const { comment, where } of commentCells ?? []) commentAt.set(where.address.replace(/^.*!/, "").replace(/\$/g, ""), comment);

  const inspected: { address: string; fill: Excel.RangeFill; note?: Excel.Note }[] = [];
  for (const address of addresses) {
    await batch.reserve(3 * PATH_BYTES + 2 * ACTION_BYTES, 2 * LOADED_BYTES + 64);
    const fill = sheet.getRange(address).format.fill;
    fill.load(caps.fillPattern ? "color,pattern" : "color");
    let note: Excel.Note | undefined;
    if (mode === "notes") {
      note = sheet.notes.getItemOrNullObject(address);
      note.load("content");
    }
    inspected.push({ address, fill, ...(note ? { note } : {}) });
  }
  await batch.flush(); // 3: the cells' fills and notes as they are now
  options.onProgress?.({ done: 1, total: 2 });

  const current = new Map<string, CellState>();
  for (const { address, fill, note } of inspected) {
    const text = mode === "notes" ? (note && !note.isNullObject ? String(note.content) : null) : mode === "comments" ? (commentAt.get(address)?.content ?? null) : null;
    current.set(address, { fill: fillOf(fill, caps), note: text });
  }
  const plan = planMarks(affected, kept, marks, current, mode !== "none");

  // The store first: if a later forced request fails, the store already names every cell we may have marked,
  // and a mark is only ever removed where its colour is still ours.
  if (plan.stored.length > 0) store.sheets[sheet.id] = { name: sheetName, marks: plan.stored };
  else delete store.sheets[sheet.id];
  const newXml = storeToXml(store);
  await batch.reserve(PATH_BYTES * 2 + ACTION_BYTES * (parts.items.length + 1) + jsonBytes(newXml));
  for (const part of parts.items) part.delete();
  if (Object.keys(store.sheets).length > 0) context.workbook.customXmlParts.add(newXml);

  for (const address of plan.deleteNotes) {
    await batch.reserve(PATH_BYTES + ACTION_BYTES + address.length);
    if (mode === "notes") sheet.notes.getItem(address).delete();
    else commentAt.get(address)?.delete();
  }
  for (const run of fillRuns(plan.fills)) {
    await batch.reserve(3 * PATH_BYTES + ACTION_BYTES + 16);
    const fill = sheet.getRangeByIndexes(run.first - 1, run.column - 1, run.last - run.first + 1, 1).format.fill;
    if (run.fill === null) fill.clear();
    else fill.color = run.fill;
  }
  for (const { address, text } of plan.addNotes) {
    await batch.reserve(PATH_BYTES + ACTION_BYTES + jsonBytes(text) + address.length);
    if (mode === "notes") sheet.notes.add(address, text);
    else sheet.comments.add(address, text);
  }
  await batch.flush(); // 4: write
  options.onProgress?.({ done: 2, total: 2 });

  return {
    marked: plan.marked,
    cleared: plan.cleared,
    notesSkipped: plan.notesSkipped,
    notesSupported: mode !== "none",
    syncs: batch.syncs,
    forced: batch.forced,
  };
}

/** Remove every mark of the sheet: the same four syncs, with nothing to paint. */
export async function clearMarks(context: Excel.RequestContext, caps: ExcelCapabilities, sheetName: string, options: MarkOptions = {}) {
  return applyMarks(context, caps, sheetName, [], { ...options, rows: undefined });
}
