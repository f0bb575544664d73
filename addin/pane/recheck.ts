import { a1 } from "../../shared/pipeline/a1";
import type { CellValue, Issue, SheetInput, SheetResult } from "../../shared/pipeline/types";
import type { ColumnSpan, RowSpan, RowValues } from "../workbook/adapter";

/**
 * Re-checking after an edit, with the cost bounded by what changed: read only the changed rows, patch the
 * grid the last check read, and validate only those rows (with the title block and header above them, so
 * that the pipeline maps them as before). Small sheets are re-validated whole in memory instead, which is
 * cheap and also catches what spans rows (a duplicate typed on another row).
 */

/** Up to this many rows, the whole (patched) grid is re-validated in memory. */
export const FULL_RECHECK_MAX_ROWS = 5_000;
/** Above this many changed rows (a large paste), a full check is cheaper and simpler. */
export const INCREMENTAL_MAX_ROWS = 1_000;

export function rowsOf(spans: readonly RowSpan[]): number[] {
  const set = new Set<number>();
  for (const s of spans) for (let r = s.first; r <= s.last; r++) set.add(r);
  return [...set].sort((a, b) => a - b);
}

/** The 1-based sheet columns the grid covers. */
export function gridColumns(input: SheetInput): ColumnSpan {
  const first = (input.origin?.column ?? 0) + 1;
  const width = input.values.reduce((w, r) => Math.max(w, r.length), 0);
  return { first, last: first + Math.max(1, width) - 1 };
}

/** Can this change be re-checked row by row, or must the sheet be read again? */
export function canRecheck(input: SheetInput, result: SheetResult, rows: readonly number[] | null, lastColumn?: number): boolean {
  if (!rows || rows.length === 0 || rows.length > INCREMENTAL_MAX_ROWS || result.headerRow === null) return false;
  if (rows[0]! <= result.headerRow) return false; // the title block or the header: the mapping may change
  if (lastColumn !== undefined && lastColumn > gridColumns(input).last) return false;
  return (input.origin?.row ?? 0) + 1 <= rows[0]!;
}

/** The grid with the changed rows replaced (and extended downwards if the user typed below it). */
export function patchGrid(input: SheetInput, changed: readonly RowValues[]): SheetInput {
  const top = (input.origin?.row ?? 0) + 1;
  const width = gridColumns(input).last - gridColumns(input).first + 1;
  const values = [...input.values];
  const formats = [...(input.numberFormats ?? input.values.map((r) => r.map(() => "General")))];
  for (const row of changed) {
    const i = row.row - top;
    while (values.length <= i) {
      values.push(Array<CellValue>(width).fill(""));
      formats.push(Array<string>(width).fill("General"));
    }
    values[i] = row.values;
    formats[i] = row.numberFormats;
  }
  return { ...input, values, numberFormats: formats };
}

/**
 * Validate the changed rows of a patched grid and merge with the previous result: the issues, skipped rows
 * and records of the other rows are kept as they were.
 */
export function recheckRows(
  input: SheetInput,
  previous: SheetResult,
  rows: readonly number[],
  run: (input: SheetInput) => SheetResult,
): SheetResult {
  if (input.values.length <= FULL_RECHECK_MAX_ROWS) return run(input);
  const top = (input.origin?.row ?? 0) + 1;
  const headerRow = previous.headerRow!;
  const head = headerRow - top + 1; // grid rows down to the header, included
  const subValues = input.values.slice(0, head);
  const subFormats = (input.numberFormats ?? []).slice(0, head);
  for (const r of rows) {
    subValues.push(input.values[r - top] ?? []);
    subFormats.push(input.numberFormats?.[r - top] ?? []);
  }
  const sub = run({ ...input, values: subValues, numberFormats: subFormats });
  /** Sub-grid sheet row → real sheet row. */
  const real = (row: number) => (row <= headerRow ? row : rows[row - headerRow - 1]!);
  const changed = new Set(rows);
  const moved = (issue: Issue): Issue => {
    const row = real(issue.row);
    return { ...issue, row, cell: issue.column >= 1 ? a1(row, issue.column) : issue.cell };
  };
  const keep = <T extends { row: number }>(items: readonly T[]) => items.filter((x) => !changed.has(x.row));
  const keepRecords = <T extends { at: { row: number } }>(items: readonly T[]) => items.filter((x) => !changed.has(x.at.row));
  const newRecords = <T extends { at: { row: number } }>(items: readonly T[]) =>
    items.filter((x) => x.at.row > headerRow).map((x) => ({ ...x, at: { ...x.at, row: real(x.at.row) } }));
  return {
    ...previous,
    issues: [...keep(previous.issues), ...sub.issues.filter((i) => i.row > headerRow).map(moved)].sort((a, b) => a.row - b.row || a.column - b.column),
    skipped: [...keep(previous.skipped), ...sub.skipped.filter((s) => s.row > headerRow).map((s) => ({ ...s, row: real(s.row) }))].sort((a, b) => a.row - b.row),
    followUps: [...keepRecords(previous.followUps), ...newRecords(sub.followUps)],
    indicatorValues: [...keepRecords(previous.indicatorValues), ...newRecords(sub.indicatorValues)],
    targets: [...keepRecords(previous.targets), ...newRecords(sub.targets)],
  };
}

/** Rows whose issues differ between two results: where marks must be repainted. */
export function rowsWithChangedIssues(before: SheetResult | null, after: SheetResult, also: readonly number[]): number[] {
  const key = (i: Issue) => `${i.column}|${i.severity}|${i.code}|${i.message.en}`;
  const byRow = (r: SheetResult | null) => {
    const m = new Map<number, string[]>();
    for (const i of r?.issues ?? []) m.set(i.row, [...(m.get(i.row) ?? []), key(i)]);
    return m;
  };
  const a = byRow(before);
  const b = byRow(after);
  const rows = new Set(also);
  for (const row of new Set([...a.keys(), ...b.keys()])) {
    if ((a.get(row) ?? []).sort().join("\n") !== (b.get(row) ?? []).sort().join("\n")) rows.add(row);
  }
  return [...rows].sort((x, y) => x - y);
}
