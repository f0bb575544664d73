import ExcelJS from "exceljs";
import { performance } from "node:perf_hooks";
import { worksheetGrid } from "../cli/xlsx-grid";
import { parseSheet } from "../shared/pipeline/parse-sheet";
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
 * The pipeline's cost against reading the same workbook with exceljs, measured side by side on generated
 * sheets, so that the ratio holds on a noisy machine. Small sizes are repeated more to steady the median.
 */
export async function benchPipeline(log: (line: string) => void) {
  const ref = benchReference(loadReferenceData(), 2_500);
  const rows: PipelineRow[] = [];
  for (const kind of KINDS) {
    for (const size of PIPELINE_SIZES) {
      const bytes = await generateWorkbook(kind, size, ref);
      const repeats = size <= 1_000 ? 15 : size <= 10_000 ? 5 : 3;
      const read: number[] = [];
      const grid: number[] = [];
      const pipe: number[] = [];
      let last: ReturnType<typeof parseSheet> | undefined;
      for (let r = 0; r < repeats; r++) {
        let t = performance.now();
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
        read.push(performance.now() - t);
        t = performance.now();
        const sheet = worksheetGrid(workbook.worksheets[0]!);
        grid.push(performance.now() - t);
        t = performance.now();
        last = parseSheet(sheet, ref);
        pipe.push(performance.now() - t);
      }
      const row: PipelineRow = {
        kind,
        rows: size,
        readMs: median(read),
        gridMs: median(grid),
        pipelineMs: median(pipe),
        records: (last?.followUps.length ?? 0) + (last?.indicatorValues.length ?? 0),
        issues: last?.issues.length ?? 0,
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
