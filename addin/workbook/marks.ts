import { a1 } from "../../shared/pipeline/a1";
import type { Issue, Severity } from "../../shared/pipeline/types";
import type { Lang } from "../i18n";
import type { CellMark } from "./adapter";

/**
 * Marks are what this add-in paints on a checked sheet: a fill and a note per cell with issues. Both
 * adapters plan them with the same code: what to restore, what to paint, and what to remember, so that the
 * next check removes exactly its own marks and gives the user back their own fill and notes.
 */

/** Excel's own "Bad" and "Neutral" cell-style fills. Info issues are listed in the pane, not painted. */
export const MARK_COLORS: Partial<Record<Severity, string>> = { error: "#FFC7CE", warning: "#FFEB9C" };
const PALETTE = ["#FFC7CE", "#FFEB9C"];

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const NOTE_PREFIX = "OMD-AOC";

/** One mark per cell: the worst severity, and every message of the cell in the note. */
export function marksFromIssues(issues: readonly Issue[], lang: Lang): CellMark[] {
  const byCell = new Map<string, { row: number; column: number; severity: Severity; lines: string[] }>();
  for (const issue of issues) {
    if (!MARK_COLORS[issue.severity] || issue.row < 1 || issue.column < 1) continue;
    const key = `${issue.row}:${issue.column}`;
    const entry = byCell.get(key);
    const line = issue.message[lang];
    if (!entry) {
      byCell.set(key, { row: issue.row, column: issue.column, severity: issue.severity, lines: [line] });
    } else {
      if (RANK[issue.severity] > RANK[entry.severity]) entry.severity = issue.severity;
      if (!entry.lines.includes(line)) entry.lines.push(line);
    }
  }
  return [...byCell.values()]
    .sort((a, b) => a.row - b.row || a.column - b.column)
    .map(({ row, column, severity, lines }) => ({
      row,
      column,
      severity,
      note: lines.length === 1 ? `${NOTE_PREFIX} : ${lines[0]}` : `${NOTE_PREFIX} :\n${lines.map((l) => `• ${l}`).join("\n")}`,
    }));
}

/** What the store remembers of one marked cell. Compact, because a sheet may carry tens of thousands. */
export interface StoredMark {
  /** A1 address on the sheet. */
  a: string;
  /** The user's fill before the mark; null for none. */
  f: string | null;
  /** Index of the mark colour in the palette. */
  m: number;
  /** Hash of the note written, absent when none was (the user had a note there, or notes are unsupported). */
  n?: string;
}

export interface MarkStore {
  version: 1;
  /** Keyed by the sheet's stable id (its name can change). */
  sheets: Record<string, { name: string; marks: StoredMark[] }>;
}

export const emptyStore = (): MarkStore => ({ version: 1, sheets: {} });

export function encodeStore(store: MarkStore): string {
  // Escape the XML-significant characters so that the JSON can sit in an XML element (or a cell) as is.
  return JSON.stringify(store).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function decodeStore(text: string | null | undefined): MarkStore {
  if (!text) return emptyStore();
  try {
    const parsed = JSON.parse(text) as Partial<MarkStore>;
    if (parsed.version === 1 && parsed.sheets && typeof parsed.sheets === "object") return parsed as MarkStore;
  } catch {
    // A damaged store must not block a check: start afresh (old marks stay, but nothing is lost).
  }
  return emptyStore();
}

export const STORE_NAMESPACE = "urn:omd-aoc:addin:marks:1";

export function storeToXml(store: MarkStore): string {
  return `<marks xmlns="${STORE_NAMESPACE}">${encodeStore(store)}</marks>`;
}

export function storeFromXml(xml: string | null | undefined): MarkStore {
  const m = /<marks\b[^>]*>([\s\S]*)<\/marks>/.exec(xml ?? "");
  return decodeStore(m?.[1]?.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
}

/** FNV-1a, 32 bits: enough to tell our own note from one the user wrote or edited. */
export function noteHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** What a cell holds now, as far as marks are concerned. */
export interface CellState {
  /** Current fill colour ("#RRGGBB"), null for none. */
  fill: string | null;
  /** Current note text, null for none. */
  note: string | null;
}

export interface FillChange {
  row: number;
  column: number;
  /** null: remove the fill. */
  fill: string | null;
}

export interface MarkPlan {
  /** Fills to set back or paint, in order (restores first). */
  fills: FillChange[];
  /** Addresses whose note (ours, unchanged) to delete, before `addNotes`. */
  deleteNotes: string[];
  addNotes: { address: string; text: string }[];
  /** The sheet's marks once the plan is applied. */
  stored: StoredMark[];
  marked: number;
  cleared: number;
  notesSkipped: number;
}

export function parseAddress(address: string): { row: number; column: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(address);
  if (!m || !m[1] || !m[2]) throw new Error(`not a cell address: ${address}`);
  let column = 0;
  for (const ch of m[1]) column = column * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]), column };
}

/** The stored marks that this operation replaces: all, or those on `rows` and on the cells being marked. */
export function affectedMarks(previous: readonly StoredMark[], rows: ReadonlySet<number> | null, marks: readonly CellMark[]) {
  if (!rows) return { affected: [...previous], kept: [] as StoredMark[] };
  const targets = new Set(marks.map((m) => a1(m.row, m.column)));
  const affected: StoredMark[] = [];
  const kept: StoredMark[] = [];
  for (const s of previous) (rows.has(parseAddress(s.a).row) || targets.has(s.a) ? affected : kept).push(s);
  return { affected, kept };
}

/** Addresses whose current fill and note must be read before planning. */
export function cellsToInspect(affected: readonly StoredMark[], marks: readonly CellMark[]): string[] {
  const set = new Set(affected.map((s) => s.a));
  for (const m of marks) set.add(a1(m.row, m.column));
  return [...set];
}

const sameColor = (a: string | null, b: string | null) => (a ?? "").toUpperCase() === (b ?? "").toUpperCase();

/**
 * Plan a mark operation. `current` must hold every address of `cellsToInspect`. A fill is restored only if
 * it is still ours (the user may have re-coloured the cell since), and a note deleted only if unchanged.
 */
export function planMarks(
  affected: readonly StoredMark[],
  kept: readonly StoredMark[],
  marks: readonly CellMark[],
  current: ReadonlyMap<string, CellState>,
  notesSupported: boolean,
): MarkPlan {
  const plan: MarkPlan = { fills: [], deleteNotes: [], addNotes: [], stored: [...kept], marked: 0, cleared: 0, notesSkipped: 0 };
  const wanted = new Map(marks.map((m) => [a1(m.row, m.column), m]));
  const paints: FillChange[] = [];
  const stateOf = (address: string): CellState => current.get(address) ?? { fill: null, note: null };
  const previousByAddress = new Map(affected.map((s) => [s.a, s]));

  for (const s of affected) {
    if (wanted.has(s.a)) continue;
    const now = stateOf(s.a);
    const { row, column } = parseAddress(s.a);
    if (sameColor(now.fill, PALETTE[s.m] ?? null)) plan.fills.push({ row, column, fill: s.f });
    if (s.n && now.note !== null && noteHash(now.note) === s.n) plan.deleteNotes.push(s.a);
    plan.cleared++;
  }

  for (const [address, mark] of wanted) {
    const color = MARK_COLORS[mark.severity] ?? PALETTE[0]!;
    const m = Math.max(0, PALETTE.indexOf(color));
    const now = stateOf(address);
    const before = previousByAddress.get(address);
    const stillOurs = before !== undefined && sameColor(now.fill, PALETTE[before.m] ?? null);
    const original = stillOurs ? before.f : now.fill;
    if (!stillOurs || before.m !== m) paints.push({ row: mark.row, column: mark.column, fill: color });

    let n: string | undefined;
    if (notesSupported) {
      const ourNote = before?.n !== undefined && now.note !== null && noteHash(now.note) === before.n;
      if (now.note === null || ourNote) {
        n = noteHash(mark.note);
        if (!ourNote || now.note !== mark.note) {
          if (ourNote) plan.deleteNotes.push(address);
          plan.addNotes.push({ address, text: mark.note });
        }
      } else {
        plan.notesSkipped++;
      }
    }
    plan.stored.push(n === undefined ? { a: address, f: original, m } : { a: address, f: original, m, n });
    plan.marked++;
  }
  plan.fills.push(...paints);
  return plan;
}

/** Vertical runs of cells with the same fill in one column, so that each run costs one request operation. */
export interface FillRun {
  column: number;
  first: number;
  last: number;
  fill: string | null;
}

export function fillRuns(changes: readonly FillChange[]): FillRun[] {
  const sorted = [...changes].sort((a, b) => a.column - b.column || a.row - b.row);
  const runs: FillRun[] = [];
  for (const c of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.column === c.column && last.last === c.row - 1 && last.fill === c.fill) last.last = c.row;
    else runs.push({ column: c.column, first: c.row, last: c.row, fill: c.fill });
  }
  return runs;
}
