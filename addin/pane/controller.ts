import type { ReferenceData } from "../../shared/model/reference";
import type { FieldName, Issue, MappingOverride, Message, PipelineOptions, SheetInput, SheetResult } from "../../shared/pipeline/types";
import { toWorkbookError } from "../excel/errors";
import type { Lang, MessageKey, Params } from "../i18n";
import { both, t } from "../i18n";
import type { Progress, SheetChange, SheetSettings, WorkbookAdapter } from "../workbook/adapter";
import { CancelledError, WorkbookError } from "../workbook/adapter";
import { buildIssuesTable } from "../workbook/issues-table";
import { marksFromIssues } from "../workbook/marks";
import { buildTemplate, type TemplateRequest } from "../workbook/template";
import { canRecheck, gridColumns, patchGrid, recheckRows, rowsOf, rowsWithChangedIssues } from "./recheck";

export type Pipeline = (input: SheetInput, options: PipelineOptions) => SheetResult;

export interface PaneDeps {
  reference: ReferenceData;
  pipeline: Pipeline;
  lang: Lang;
  /** Other text that may name the administration or year (the file name in browser mode). */
  hints?: () => string[];
  /** Wait after the last edit before re-checking. */
  debounceMs?: number;
}

export interface Busy {
  label: MessageKey;
  progress: Progress | null;
  cancellable: boolean;
}

export interface Notice {
  key: MessageKey;
  params?: Params;
}

export interface PaneState {
  busy: Busy | null;
  sheet: string | null;
  result: SheetResult | null;
  settings: SheetSettings;
  /** What the last action did, for the live region. */
  notices: Notice[];
  error: Message | null;
  options: { mark: boolean; issuesSheet: boolean; live: boolean };
}

/**
 * The pane's logic, apart from the DOM: check the active sheet, remember corrected mappings and context per
 * sheet, keep checking as the user edits, make templates. Talks to the workbook only through the adapter.
 */
export class PaneController {
  state: PaneState = {
    busy: null,
    sheet: null,
    result: null,
    settings: {},
    notices: [],
    error: null,
    options: { mark: true, issuesSheet: false, live: true },
  };
  /** Browser mode: make an empty workbook when a template is asked for before any file was opened. */
  ensureWorkbook: (() => Promise<void>) | null = null;
  private listeners = new Set<(state: PaneState) => void>();
  private abort: AbortController | null = null;
  private input: SheetInput | null = null;
  private unwatch: (() => Promise<void>) | null = null;
  /** Rows edited since the last re-check; `quiet` while they are only the add-in's own writes (no notice then). */
  private pending: { rows: Set<number>; full: boolean; lastColumn?: number; quiet?: boolean } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Serialises work: an edit arriving during a check waits for it. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private workbook: WorkbookAdapter | null,
    private readonly deps: PaneDeps,
  ) {}

  get lang(): Lang {
    return this.deps.lang;
  }

  get reference(): ReferenceData {
    return this.deps.reference;
  }

  get hasWorkbook(): boolean {
    return this.workbook !== null;
  }

  subscribe(listener: (state: PaneState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<PaneState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  setOption(name: keyof PaneState["options"], value: boolean): void {
    this.set({ options: { ...this.state.options, [name]: value } });
    if (name === "live" && !value) void this.stopWatching();
  }

  dismissError(): void {
    this.set({ error: null });
  }

  /** Browser mode: the user opened another workbook. */
  async setWorkbook(workbook: WorkbookAdapter): Promise<void> {
    await this.stopWatching();
    this.workbook = workbook;
    this.input = null;
    this.set({ sheet: null, result: null, settings: {}, notices: [], error: null });
  }

  /** Stop the running operation before its next request to the workbook. */
  cancel(): void {
    this.abort?.abort();
  }

  private run(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Queue a long operation with progress and cancel. The abort controller exists from the moment it is
   * asked for, so that Cancel also stops an operation still waiting for the previous one.
   */
  private operation(label: MessageKey, work: (signal: AbortSignal, progress: (p: Progress) => void) => Promise<void>): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    return this.run(() => this.perform(abort, label, work));
  }

  /** Run an operation now (from inside the queue); errors become messages that say what to do. */
  private async perform(abort: AbortController, label: MessageKey, work: (signal: AbortSignal, progress: (p: Progress) => void) => Promise<void>): Promise<void> {
    this.abort = abort;
    this.set({ busy: { label, progress: null, cancellable: true }, error: null });
    try {
      if (abort.signal.aborted) throw new CancelledError();
      await work(abort.signal, (p) => this.set({ busy: { ...(this.state.busy ?? { label, cancellable: true }), progress: p } }));
    } catch (error) {
      this.report(error);
    } finally {
      if (this.abort === abort) this.abort = null;
      this.set({ busy: null });
    }
  }

  private report(error: unknown): void {
    if (error instanceof CancelledError) {
      this.set({ notices: [{ key: "progress.cancelled" }], error: null });
      return;
    }
    // The sync's errors (server unreachable, refused) already say what to do, in both languages.
    const said = (error as { userMessage?: Partial<Message> } | null)?.userMessage;
    if (!(error instanceof WorkbookError) && typeof said?.fr === "string" && typeof said.en === "string") {
      this.set({ error: { fr: said.fr, en: said.en } });
      return;
    }
    const e = toWorkbookError(error);
    this.set({ error: e instanceof WorkbookError ? e.userMessage : both("error.pipeline", { detail: e.message }) });
  }

  private step(label: MessageKey): void {
    if (this.state.busy) this.set({ busy: { ...this.state.busy, label, progress: null } });
  }

  private options(settings: SheetSettings): PipelineOptions {
    const hints = this.deps.hints?.() ?? [];
    return {
      ...(settings.overrides?.length ? { overrides: settings.overrides } : {}),
      ...(settings.meetingId ? { meetingId: settings.meetingId } : {}),
      ...(settings.actorId ? { actorId: settings.actorId } : {}),
      ...(hints.length ? { hints } : {}),
    };
  }

  private pipeline(input: SheetInput, settings: SheetSettings): SheetResult {
    try {
      return this.deps.pipeline(input, this.options(settings));
    } catch (error) {
      throw new WorkbookError(both("error.pipeline", { detail: error instanceof Error ? error.message : String(error) }), "pipeline", { cause: error });
    }
  }

  /** Check the active sheet: read it, run the pipeline, mark the cells, write the issues sheet if asked. */
  check(): Promise<void> {
    return this.operation("progress.reading", (signal, onProgress) => this.checkNow(signal, onProgress));
  }

  private async checkNow(signal: AbortSignal, onProgress: (p: Progress) => void): Promise<void> {
    const workbook = this.need();
    const sheet = await workbook.activeSheet();
    const settings = await workbook.loadSettings(sheet);
    const input = await workbook.readSheet(sheet, { signal, onProgress });
    this.step("progress.checking");
    const result = this.pipeline(input, settings);
    this.input = input;
    const notices: Notice[] = [];
    if (input.values.every((r) => r.every((v) => v === "" || v === null))) notices.push({ key: "error.emptySheet", params: { sheet } });
    this.set({ sheet, settings, result, notices });
    if (this.state.options.mark) {
      this.step("progress.marking");
      const report = await workbook.applyMarks(sheet, marksFromIssues(result.issues, this.lang), { signal, onProgress });
      notices.push({ key: "result.marks", params: { marked: report.marked, cleared: report.cleared } });
      if (!report.notesSupported && report.marked > 0) notices.push({ key: "result.notesUnsupported" });
      if (report.notesSkipped > 0) notices.push({ key: "result.notesSkipped", params: { count: report.notesSkipped } });
    }
    if (this.state.options.issuesSheet) {
      this.step("progress.issuesSheet");
      const name = await workbook.writeIssuesSheet(buildIssuesTable(result, this.lang), { signal, onProgress });
      notices.push({ key: "result.issuesSheetWritten", params: { name } });
    }
    this.set({ notices: [...notices] });
    if (this.state.options.live) await this.watch(sheet);
  }

  private need(): WorkbookAdapter {
    if (!this.workbook) throw new WorkbookError(both("browser.noWorkbook"), "no-workbook");
    return this.workbook;
  }

  private async watch(sheet: string): Promise<void> {
    await this.stopWatching();
    this.unwatch = await this.need().watch(sheet, (change) => this.changed(change));
  }

  private async stopWatching(): Promise<void> {
    const stop = this.unwatch;
    this.unwatch = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    await stop?.();
  }

  /** A change event: gather the rows, and re-check once the user pauses. */
  private changed(change: SheetChange, quiet = false): void {
    if (change.sheet !== this.state.sheet) return;
    const pending = (this.pending ??= { rows: new Set(), full: false, quiet: true });
    pending.quiet = pending.quiet === true && quiet;
    if (change.rows === null) pending.full = true;
    else for (const r of rowsOf(change.rows)) pending.rows.add(r);
    if (change.lastColumn !== undefined) pending.lastColumn = Math.max(pending.lastColumn ?? 0, change.lastColumn);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.recheck();
    }, this.deps.debounceMs ?? 400);
  }

  /** Re-check what the pending edits touched; the cost is bounded by the changed rows where possible. */
  recheck(): Promise<void> {
    return this.run(async () => {
      const pending = this.pending;
      this.pending = null;
      const { sheet, result } = this.state;
      if (!pending || !sheet || !result || !this.input) return;
      const rows = pending.full ? null : [...pending.rows].sort((a, b) => a - b);
      if (!canRecheck(this.input, result, rows, pending.lastColumn)) {
        await this.runCheckNow();
        return;
      }
      try {
        const workbook = this.need();
        const changed = await workbook.readRows(sheet, rows!.map((r) => ({ first: r, last: r })), gridColumns(this.input));
        const input = patchGrid(this.input, changed);
        const next = recheckRows(input, result, rows!, (grid) => this.pipeline(grid, this.state.settings));
        this.input = input;
        this.set({ result: next });
        if (this.state.options.mark) {
          const repaint = rowsWithChangedIssues(result, next, rows!);
          const on = new Set(repaint);
          await workbook.applyMarks(sheet, marksFromIssues(next.issues.filter((i) => on.has(i.row)), this.lang), { rows: repaint });
        }
        const count = (s: string) => next.issues.filter((i) => i.severity === s).length;
        if (!pending.quiet) this.set({ notices: [{ key: "result.rechecked", params: { errors: count("error"), warnings: count("warning") } }] });
      } catch (error) {
        this.report(error);
      }
    });
  }

  /** A full check from inside the queue (the queue already holds us). */
  private runCheckNow(): Promise<void> {
    return this.perform(new AbortController(), "progress.reading", (signal, onProgress) => this.checkNow(signal, onProgress));
  }

  /** The user corrected a column's field (null: not used). Remembered for the sheet, then checked again. */
  async setMapping(column: number, choice: { field: FieldName | null; period?: string } | null): Promise<void> {
    const { sheet, result, settings } = this.state;
    const mapping = result?.mapping.find((m) => m.column === column);
    if (!sheet || !mapping || !this.workbook) return;
    const others = (settings.overrides ?? []).filter((o) => o.header !== mapping.header);
    const overrides: MappingOverride[] = choice === null ? others : [...others, { header: mapping.header, ...choice }];
    await this.saveSettings(sheet, { ...settings, overrides });
  }

  /** The user said which meeting or administration the sheet is about (undefined: as found in the sheet). */
  async setContext(context: { meetingId?: string | undefined; actorId?: string | undefined }): Promise<void> {
    const { sheet, settings } = this.state;
    if (!sheet || !this.workbook) return;
    const next: SheetSettings = { ...settings };
    for (const key of ["meetingId", "actorId"] as const) {
      if (!(key in context)) continue;
      const value = context[key];
      if (value) next[key] = value;
      else delete next[key];
    }
    await this.saveSettings(sheet, next);
  }

  async resetMapping(): Promise<void> {
    const { sheet, settings } = this.state;
    if (!sheet) return;
    const next = { ...settings };
    delete next.overrides;
    await this.saveSettings(sheet, next);
  }

  private async saveSettings(sheet: string, settings: SheetSettings): Promise<void> {
    try {
      await this.need().saveSettings(sheet, settings);
      this.set({ settings, notices: [{ key: "mapping.saved", params: { sheet } }] });
    } catch (error) {
      this.report(error);
      return;
    }
    await this.check();
  }

  clearMarks(): Promise<void> {
    return this.operation("progress.marking", async (signal, onProgress) => {
      const workbook = this.need();
      const sheet = this.state.sheet ?? (await workbook.activeSheet());
      await this.stopWatching();
      const count = await workbook.clearMarks(sheet, { signal, onProgress });
      this.set({ notices: [{ key: "check.marksCleared", params: { count } }] });
    });
  }

  async selectIssue(issue: Issue): Promise<void> {
    const { sheet } = this.state;
    if (!sheet || !this.workbook || issue.row < 1 || issue.column < 1) return;
    try {
      await this.workbook.selectCell(sheet, issue.cell);
    } catch (error) {
      this.report(error);
    }
  }

  /** A new sheet from a template; returns its name, or null when it could not be made (the error is shown). */
  async createTemplate(request: TemplateRequest): Promise<string | null> {
    let created: string | null = null;
    if (!this.workbook && this.ensureWorkbook) await this.ensureWorkbook();
    await this.operation("progress.template", async (signal, onProgress) => {
      const workbook = this.need();
      const template = buildTemplate(request, this.reference);
      created = await workbook.createTemplate(template, { signal, onProgress });
      const notices: Notice[] = [{ key: "template.created", params: { name: created } }];
      if (workbook.kind === "excel" && "capabilities" in workbook && !(workbook as { capabilities: { dataValidation: boolean } }).capabilities.dataValidation) {
        notices.push({ key: "template.noDataValidation" });
      }
      this.set({ notices });
    });
    return created;
  }

  // --- for the sync and dashboard sections (sync-controller.ts) ------------------------------------------

  /** The workbook, or an error that says to open one. */
  get adapter(): WorkbookAdapter {
    return this.need();
  }

  /** The last check: its result and the grid it was read from (conflict write-back needs both). */
  get checked(): { result: SheetResult; input: SheetInput } | null {
    return this.state.result && this.input ? { result: this.state.result, input: this.input } : null;
  }

  /**
   * A sheet as the pipeline reads it, without marking it: the last check when it is of that sheet, else
   * read now (called from inside a task).
   */
  async analyse(sheet: string, signal?: AbortSignal): Promise<{ result: SheetResult; input: SheetInput }> {
    const last = this.checked;
    if (last && last.result.name === sheet) return last;
    const workbook = this.need();
    const settings = await workbook.loadSettings(sheet);
    const input = await workbook.readSheet(sheet, signal ? { signal } : {});
    return { result: this.pipeline(input, settings), input };
  }

  /** The add-in wrote these rows itself (Excel raises no change event for its own writes): re-check them. */
  wrote(sheet: string, rows: readonly number[], lastColumn: number): void {
    if (rows.length > 0) this.changed({ sheet, rows: rows.map((r) => ({ first: r, last: r })), lastColumn }, true);
  }

  /** Re-check now the edits waiting for the user to pause, and wait for whatever runs (before using the result). */
  settle(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      return this.recheck();
    }
    return this.run(async () => undefined);
  }

  /** Run work in the pane's queue, with the busy indicator, Cancel and errors shown as for a check. */
  task(label: MessageKey, work: (signal: AbortSignal, progress: (p: Progress) => void) => Promise<void>): Promise<void> {
    return this.operation(label, work);
  }

  /** Say what an action did, in the pane's live region. */
  notify(notices: Notice[]): void {
    this.set({ notices });
  }

  /** A notice or error as text in the pane's language. */
  text(key: MessageKey, params?: Params): string {
    return t(this.lang, key, params);
  }
}
