import type { Lang } from "../../shared/model/common";
import type { SheetInput } from "../../shared/pipeline/types";
import type { DashboardSpec } from "../dashboards/spec";
import type { CellWrite } from "../sync/conflicts";
import type { RegionTable } from "../sync/region-table";
import type {
  CellMark,
  DashboardSheetReport,
  ColumnSpan,
  IssuesTable,
  MarkOptions,
  MarkReport,
  OperationOptions,
  RegionTableReport,
  RowSpan,
  RowValues,
  SheetChange,
  SheetSettings,
  TemplateSheet,
  WorkbookAdapter,
} from "../workbook/adapter";
import { detectCapabilities, type ExcelCapabilities } from "./capabilities";
import { detectDashboardCapabilities, writeDashboard, type DashboardCapabilities } from "./dashboard-sheet";
import { toWorkbookError } from "./errors";
import { selectCell, watchSheet } from "./events";
import { writeIssuesSheet } from "./issues-sheet";
import { applyMarks, clearMarks } from "./marks";
import { activeSheetName, readRowSpans, readUsedRange, visibleSheetNames } from "./read";
import { writeCells, writeRegionTable } from "./pull-sheet";
import { readOrCreateWorkbookId, readSettings, writeSettings } from "./settings";
import { writeTemplate } from "./template";

/** Runs a batch on a request context: Excel.run in Excel, the recording fake in tests. */
export type Runner = <T>(batch: (context: Excel.RequestContext) => Promise<T>, reuse?: OfficeExtension.ClientRequestContext) => Promise<T>;

const excelRun: Runner = (batch, reuse) =>
  reuse ? Excel.run(reuse, (context) => batch(context as Excel.RequestContext)) : Excel.run((context) => batch(context));

/** The workbook adapter inside Excel: each method is one Excel.run over the functions of addin/excel/. */
export class OfficeWorkbook implements WorkbookAdapter {
  readonly kind = "excel" as const;
  readonly capabilities: ExcelCapabilities;
  private dashboardCaps: DashboardCapabilities | undefined;
  private id: Promise<string> | null = null;

  constructor(
    private readonly runner: Runner = excelRun,
    capabilities?: ExcelCapabilities,
    dashboardCapabilities?: DashboardCapabilities,
  ) {
    this.capabilities = capabilities ?? detectCapabilities();
    this.dashboardCaps = dashboardCapabilities;
  }

  /** Asked of Office when first needed (tests that never draw a dashboard pass none). */
  get dashboardCapabilities(): DashboardCapabilities {
    return (this.dashboardCaps ??= detectDashboardCapabilities());
  }

  private async run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    try {
      return await this.runner(batch);
    } catch (error) {
      throw toWorkbookError(error);
    }
  }

  activeSheet(): Promise<string> {
    return this.run((c) => activeSheetName(c));
  }

  listSheets(): Promise<string[]> {
    return this.run((c) => visibleSheetNames(c));
  }

  readSheet(sheet: string, options?: OperationOptions): Promise<SheetInput> {
    return this.run((c) => readUsedRange(c, sheet, options));
  }

  readRows(sheet: string, spans: RowSpan[], columns: ColumnSpan, options?: OperationOptions): Promise<RowValues[]> {
    return this.run((c) => readRowSpans(c, sheet, spans, columns, options));
  }

  applyMarks(sheet: string, marks: CellMark[], options?: MarkOptions): Promise<MarkReport> {
    return this.run((c) => applyMarks(c, this.capabilities, sheet, marks, options));
  }

  async clearMarks(sheet: string, options?: OperationOptions): Promise<number> {
    return (await this.run((c) => clearMarks(c, this.capabilities, sheet, options))).cleared;
  }

  async writeIssuesSheet(table: IssuesTable, options?: OperationOptions): Promise<string> {
    return (await this.run((c) => writeIssuesSheet(c, table, options))).name;
  }

  async createTemplate(template: TemplateSheet, options?: OperationOptions): Promise<string> {
    return (await this.run((c) => writeTemplate(c, this.capabilities, template, options))).name;
  }

  selectCell(sheet: string, address: string): Promise<void> {
    return this.run((c) => selectCell(c, sheet, address));
  }

  loadSettings(sheet: string): Promise<SheetSettings> {
    return this.run((c) => readSettings(c, sheet));
  }

  saveSettings(sheet: string, settings: SheetSettings): Promise<void> {
    return this.run(async (c) => {
      writeSettings(c, sheet, settings);
      await c.sync();
    });
  }

  async watch(sheet: string, onChange: (change: SheetChange) => void): Promise<() => Promise<void>> {
    const handler = await this.run((c) => watchSheet(c, sheet, onChange));
    return async () => {
      try {
        await this.runner(async (c) => {
          handler.remove();
          await c.sync();
        }, handler.context);
      } catch (error) {
        throw toWorkbookError(error);
      }
    };
  }

  /** Read once per pane (a failed read is tried again next time). */
  workbookId(): Promise<string> {
    this.id ??= this.run((c) => readOrCreateWorkbookId(c)).catch((error: unknown) => {
      this.id = null;
      throw error;
    });
    return this.id;
  }

  async writeRegionTable(table: RegionTable, options?: OperationOptions): Promise<RegionTableReport> {
    const r = await this.run((c) => writeRegionTable(c, table, options));
    return { sheet: r.sheet, created: r.created, updated: r.updated, appended: r.appended };
  }

  async writeCells(sheet: string, writes: readonly CellWrite[], options?: OperationOptions): Promise<void> {
    if (writes.length > 0) await this.run((c) => writeCells(c, sheet, writes, options));
  }

  async writeDashboard(spec: DashboardSpec, lang: Lang, options?: OperationOptions): Promise<DashboardSheetReport> {
    const r = await this.run((c) => writeDashboard(c, spec, lang, this.dashboardCapabilities, { ...options, activate: true }));
    return { sheet: r.sheet, created: r.created, tables: r.tables, charts: r.charts, chartsSkipped: r.chartsSkipped };
  }
}
