import ExcelJS from "exceljs";
import { performance } from "node:perf_hooks";
import { worksheetGrid } from "../cli/xlsx-grid";
import { parseSheet } from "../shared/pipeline/parse-sheet";
import type { SheetInput } from "../shared/pipeline/types";
import type { ReferenceData } from "../shared/model/reference";
import { loadReferenceData } from "../shared/reference";
import { benchReference, generateWorkbook } from "./generate";
import type { GeneratedKind } from "./generate";

export const PIPELINE_SIZES = [1_000, 10_000, 50_000] as const;
const KINDS: GeneratedKind[] = ["follow-up-long", "indicator-long", "indicator-wide"];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export interface PipelineRow {
  kind: GeneratedKind;
  rows: number;
  readMs: number;
  gridMs: number;
  pipelineMs: number;
  records: number;
  issues: number;
}

/**
 * A full garbage collection, run before each timed step so that every step starts on the same heap: otherwise
 * the pipeline pays for the garbage the exceljs read left (a few hundred MB), and a 1,000-row run reuses a young
 * generation that the 50,000-row run outgrows. Without it, a "pipeline" that does nothing but build the wide
 * sheet's 600,000 records measured 33× more per row at 50,000 rows than at 1,000.
 */
function fullCollector(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("the pipeline benchmark needs Node's --expose-gc: run it with `npm run bench`");
  return gc;
}

/**
 * Read a workbook's first sheet as the pipeline gets it, timing the exceljs read and the grid. The workbook is
 * out of reach once this returns, as in the CLI (the add-in never holds one): left reachable, its few hundred MB
 * would be marked again by every garbage collection the pipeline's timing includes.
 */
async function readGrid(bytes: Buffer, collect: () => void): Promise<{ readMs: number; gridMs: number; sheet: SheetInput }> {
  collect();
  let t = performance.now();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const readMs = performance.now() - t;
  t = performance.now();
  const sheet = worksheetGrid(workbook.worksheets[0]!);
  return { readMs, gridMs: performance.now() - t, sheet };
}

/** One timed run of the pipeline. Only counts leave: its records are not kept alive through the next run. */
function timePipeline(sheet: SheetInput, ref: ReferenceData, collect: () => void): { ms: number; records: number; issues: number } {
  collect();
  const t = performance.now();
  const result = parseSheet(sheet, ref);
  const ms = performance.now() - t;
  return { ms, records: result.followUps.length + result.indicatorValues.length, issues: result.issues.length };
}

/**
 * The pipeline's cost against reading the same workbook with exceljs, measured side by side on generated
 * sheets, so that the ratio holds on a noisy machine. Small sizes are repeated more to steady the median.
 */
export async function benchPipeline(log: (line: string) => void) {
  const ref = benchReference(loadReferenceData(), 2_500);
  const collect = fullCollector();
  const rows: PipelineRow[] = [];
  for (const kind of KINDS) {
    for (const size of PIPELINE_SIZES) {
      const bytes = await generateWorkbook(kind, size, ref);
      const repeats = size <= 1_000 ? 15 : size <= 10_000 ? 5 : 3;
      const read: number[] = [];
      const grid: number[] = [];
      const pipe: number[] = [];
      let counts = { records: 0, issues: 0 };
      for (let r = 0; r < repeats; r++) {
        const { readMs, gridMs, sheet } = await readGrid(bytes, collect);
        read.push(readMs);
        grid.push(gridMs);
        const { ms, ...runCounts } = timePipeline(sheet, ref, collect);
        pipe.push(ms);
        counts = runCounts;
      }
      const row: PipelineRow = {
        kind,
        rows: size,
        readMs: median(read),
        gridMs: median(grid),
        pipelineMs: median(pipe),
        ...counts,
      };
      rows.push(row);
      log(
        `pipeline ${kind.padEnd(15)} ${String(size).padStart(6)} rows: read ${row.readMs.toFixed(0)} ms, grid ${row.gridMs.toFixed(0)} ms, pipeline ${row.pipelineMs.toFixed(0)} ms (${(row.pipelineMs / row.readMs).toFixed(3)} of the read)`,
      );
    }
  }
  const at = (kind: GeneratedKind, size: number) => rows.find((r) => r.kind === kind && r.rows === size)!;
  const ratioAt50k = Math.max(...KINDS.map((k) => at(k, 50_000).pipelineMs / at(k, 50_000).readMs));
  const perRowGrowth = Math.max(
    ...KINDS.map((k) => at(k, 50_000).pipelineMs / 50_000 / (at(k, 1_000).pipelineMs / 1_000)),
  );
  return { ratioAt50k, perRowGrowth, rows };
}
