import type { Message, RecordSource, SheetResult } from "../../shared/pipeline/types";
import type { ResultKind } from "../../shared/sync/protocol";
import { RESULT_KINDS } from "../../shared/sync/protocol";
import type { DashboardId } from "../dashboards/spec";
import { both } from "../i18n";
import { st, syncBoth } from "../i18n/sync-messages";
import { conflictsOf, resolveConflict, sheetLayout, type Conflict, type Side } from "../sync/conflicts";
import type { Connection } from "../sync/connection";
import type { OutboxEntry, OutboxEvent } from "../sync/outbox";
import type { PreviewModel } from "../sync/preview";
import type { Outgoing, VersionScope } from "../sync/records";
import { SyncSession, type PushOutcome, type SessionDeps } from "../sync/session";
import { WorkbookError, type DashboardSheetReport, type RegionTableReport } from "../workbook/adapter";
import { actorName } from "../workbook/template";
import type { Notice, PaneController } from "./controller";

/**
 * The pane's sync and dashboard logic, apart from the DOM: connect, preview and send the checked sheet,
 * show what waits in the outbox, resolve conflicts field by field, pull the region's data into a sheet,
 * build dashboards. Strings the sync session (addin/sync) and the workbook adapter together; long actions
 * run in the pane's queue (busy indicator, Cancel, errors) through PaneController.task.
 */

export interface PreviewState {
  /** The check it was made from: when the pane's result is another one, the preview is stale. */
  result: SheetResult;
  outgoing: Outgoing & { scope: VersionScope };
  model: PreviewModel;
}

export interface PushState {
  summary: Record<ResultKind, number>;
  /** Records that still wait in the outbox after this push. */
  waiting: number;
  durable: boolean;
  conflicts: number;
}

export interface OpenConflict {
  /** workbook|sheet|record key: a newer conflict on the same record replaces the older. */
  id: string;
  conflict: Conflict;
  scope: VersionScope;
}

export interface OutboxState {
  entries: readonly OutboxEntry[];
  records: number;
  /** When the outbox will try again by itself, if it planned to. */
  retryAt: string | null;
  /** Why the last attempt failed. */
  error: Message | null;
  /** False when what waits could not be kept on this computer (quota). */
  durable: boolean;
}

export interface PullState {
  sheets: RegionTableReport[];
  changed: number;
  total: number;
  pulledAt: string | null;
  rebased: number | null;
}

export interface DashboardState extends DashboardSheetReport {
  id: DashboardId;
  asOf: string;
}

export interface SyncState {
  ready: boolean;
  /** The stores keep what the user leaves (false: nothing survives closing the page). */
  durableStorage: boolean;
  connection: Connection | null;
  preview: PreviewState | null;
  push: PushState | null;
  outbox: OutboxState;
  conflicts: OpenConflict[];
  pull: PullState | null;
  dashboard: DashboardState | null;
}

export type DashboardRequest = { id: "recommendations"; meetingId?: string } | { id: "indicators"; year: number };

export interface SyncDeps extends SessionDeps {
  /** False when the stores are memory only. */
  durable?: boolean;
}

const EMPTY_OUTBOX: OutboxState = { entries: [], records: 0, retryAt: null, error: null, durable: true };

export class SyncController {
  state: SyncState = {
    ready: false,
    durableStorage: true,
    connection: null,
    preview: null,
    push: null,
    outbox: EMPTY_OUTBOX,
    conflicts: [],
    pull: null,
    dashboard: null,
  };
  session: SyncSession | null = null;
  private readonly listeners = new Set<(state: SyncState) => void>();

  constructor(readonly pane: PaneController) {}

  /** Open the user's session: the stored connection, and its outbox (which starts sending what waits). */
  async init(deps: SyncDeps): Promise<void> {
    const session = await SyncSession.open(deps);
    this.session = session;
    session.onOutbox((event) => this.onOutbox(event));
    this.set({ ready: true, durableStorage: deps.durable ?? true, connection: session.connection });
    this.refreshOutbox();
  }

  subscribe(listener: (state: SyncState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<SyncState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  private text(key: Parameters<PaneController["text"]>[0], params?: Record<string, string | number>): string {
    return this.pane.text(key, params);
  }

  private need(): SyncSession {
    if (!this.session?.connection) throw new WorkbookError(syncBoth("connect.notConnected"), "not-connected");
    return this.session;
  }

  // --- connection --------------------------------------------------------------------------------------

  connect(apiUrl: string, token: string): Promise<void> {
    return this.pane.task("progress.connecting", async () => {
      if (!this.session) return;
      const connection = await this.session.connect({ apiUrl, token });
      this.set({ connection, preview: null });
      this.refreshOutbox();
      this.pane.notify([{ key: "sync.connect.done", params: { label: connection.identity.label } }]);
    });
  }

  async signOut(): Promise<void> {
    await this.session?.signOut();
    this.set({ connection: null, preview: null, push: null });
    this.pane.notify([{ key: "sync.connect.signedOut" }]);
  }

  /** "Administration: Côte d'Ivoire", or that the role sees every administration. */
  describeIdentity(connection: Connection): { role: string; administration: string } {
    const { role, actorId } = connection.identity;
    const actor = actorId ? this.pane.reference.actors.find((a) => a.id === actorId) : undefined;
    return {
      role: this.text(`sync.role.${role}`),
      administration: actorId
        ? this.text("sync.connect.administration", { name: actor ? `${actorName(actor, this.pane.lang)} (${actorId})` : actorId })
        : this.text("sync.connect.allAdministrations"),
    };
  }

  // --- preview and push --------------------------------------------------------------------------------

  /** The preview is of the sheet as last checked; it is stale once the sheet was checked again (an edit). */
  get previewIsCurrent(): boolean {
    return this.state.preview !== null && this.state.preview.result === this.pane.state.result;
  }

  /** Dry run of the checked sheet's valid records (the active sheet is checked first if none was). */
  async preview(): Promise<void> {
    await this.pane.settle();
    if (!this.pane.state.result) await this.pane.check();
    if (!this.pane.state.result) return;
    await this.pane.task("progress.preview", async (signal) => {
      const session = this.need();
      const checked = this.pane.checked;
      if (!checked) return;
      const workbookId = await this.pane.adapter.workbookId();
      const outgoing = await session.outgoing(checked.result, workbookId);
      if (outgoing.count === 0) {
        this.set({ preview: { result: checked.result, outgoing, model: emptyModel() } });
        this.pane.notify([{ key: "sync.send.nothing" }]);
        return;
      }
      const { model } = await session.preview(outgoing, this.pane.lang, { signal });
      this.set({ preview: { result: checked.result, outgoing, model }, push: null });
      this.pane.notify([{ key: "sync.send.previewOf", params: { sheet: outgoing.sheet, count: outgoing.count } }]);
    });
  }

  /** Send what was previewed: into the outbox first (kept on this computer), then to the region. */
  async push(): Promise<void> {
    await this.pane.settle();
    return this.pane.task("progress.sending", async () => {
      const session = this.need();
      const preview = this.state.preview;
      if (!preview || !this.previewIsCurrent) throw new WorkbookError(both("sync.send.stale"), "stale-preview");
      if (preview.outgoing.count === 0) return;
      const outcome = await session.push(preview.outgoing);
      this.set({ preview: null });
      this.reportPush(outcome);
    });
  }

  /** Send what waits now, rather than at the next planned attempt. */
  flush(): Promise<void> {
    return this.pane.task("progress.sending", async () => {
      this.reportPush(await this.need().flush());
    });
  }

  private reportPush(outcome: PushOutcome): void {
    const summary = Object.fromEntries(RESULT_KINDS.map((k) => [k, 0])) as Record<ResultKind, number>;
    for (const d of outcome.report.delivered) for (const k of RESULT_KINDS) summary[k] += d.response.summary[k];
    const waiting = this.session?.outbox?.pending().reduce((n, e) => n + e.records, 0) ?? 0;
    const conflicts = summary.conflict;
    this.set({ push: { summary, waiting, durable: outcome.durable, conflicts } });
    const notices: Notice[] = [];
    for (const { entry } of outcome.report.delivered) {
      if (entry.attempts > 1) notices.push({ key: "sync.outbox.delivered", params: { label: entry.label, records: entry.records } });
    }
    if (outcome.report.delivered.length > 0) notices.push({ key: "sync.send.pushed", params: summary });
    if (outcome.report.stopped) notices.push({ key: "sync.message", params: { text: outcome.report.stopped.error[this.pane.lang] } });
    if (waiting > 0) notices.push({ key: "sync.send.waiting" });
    if (!outcome.durable) notices.push({ key: "sync.message", params: { text: st(this.pane.lang, "outbox.quota") } });
    if (conflicts > 0) notices.push({ key: "sync.send.conflicts", params: { count: conflicts } });
    // Nothing happened (the outbox had already sent it by itself): keep what the pane said about that.
    if (notices.length > 0) this.pane.notify(notices);
  }

  private onOutbox(event: OutboxEvent): void {
    switch (event.type) {
      case "changed":
        this.refreshOutbox();
        break;
      case "waiting":
        this.set({ outbox: { ...this.outboxState(), retryAt: event.retryAt, error: event.error } });
        break;
      case "delivered": {
        this.refreshOutbox();
        const { entry } = event.delivery;
        // A push sent later by the outbox itself (the connection came back): say so, unless an action of
        // the pane is running (it reports its deliveries).
        if (entry.attempts > 1 && this.pane.state.busy === null) {
          this.pane.notify([{ key: "sync.outbox.delivered", params: { label: entry.label, records: entry.records } }]);
        }
        break;
      }
      case "conflicts": {
        const { entry, response } = event.delivery;
        if (!entry.versions) break;
        const scope = entry.versions;
        const found = conflictsOf(entry.request, response, entry.sources).map((conflict) => ({
          id: `${scope.workbook}|${scope.sheet}|${conflict.key}`,
          conflict,
          scope,
        }));
        const ids = new Set(found.map((c) => c.id));
        this.set({ conflicts: [...this.state.conflicts.filter((c) => !ids.has(c.id)), ...found] });
        break;
      }
      case "rejected": {
        const { entry, error } = event.refusal;
        const text = st(this.pane.lang, "outbox.rejected", { count: entry.records, message: error.userMessage[this.pane.lang] });
        this.pane.notify([{ key: "sync.message", params: { text } }]);
        break;
      }
    }
  }

  private outboxState(): OutboxState {
    const outbox = this.session?.outbox;
    if (!outbox) return EMPTY_OUTBOX;
    const entries = [...outbox.pending()];
    const last = entries.find((e) => e.lastError !== null);
    return {
      entries,
      records: entries.reduce((n, e) => n + e.records, 0),
      retryAt: outbox.nextAttempt()?.toISOString() ?? null,
      error: last?.lastError ?? null,
      durable: outbox.durable,
    };
  }

  private refreshOutbox(): void {
    this.set({ outbox: this.outboxState() });
  }

  // --- conflicts ---------------------------------------------------------------------------------------

  /**
   * Resolve a conflict with a side for each differing field: the region's values chosen are written into
   * the sheet, and the record (exactly those values, based on the region's version) is sent.
   */
  resolve(id: string, choices: Readonly<Record<string, Side>>): Promise<void> {
    return this.pane.task("progress.resolving", async (signal) => {
      const session = this.need();
      const open = this.state.conflicts.find((c) => c.id === id);
      if (!open) return;
      const workbook = this.pane.adapter;
      if ((await workbook.workbookId()) !== open.scope.workbook) {
        throw new WorkbookError(both("sync.conflicts.otherWorkbook"), "other-workbook");
      }
      const { result, input } = await this.pane.analyse(open.scope.sheet, signal);
      const resolution = resolveConflict(open.conflict, choices, sheetLayout(result, input, this.pane.reference), this.pane.lang);
      await workbook.writeCells(open.scope.sheet, resolution.writes, { signal });
      this.pane.wrote(open.scope.sheet, resolution.writes.map((w) => w.row), Math.max(0, ...resolution.writes.map((w) => w.column)));
      const at: RecordSource[] = open.conflict.at ? [open.conflict.at] : [];
      const sources = open.conflict.kind === "followUp" ? { followUps: at, indicatorValues: [] } : { followUps: [], indicatorValues: at };
      this.set({ conflicts: this.state.conflicts.filter((c) => c.id !== id) });
      const outcome = await session.resolve([resolution], open.scope, at.length > 0 ? sources : undefined);
      this.reportPush(outcome);
      const notices: Notice[] = [
        { key: "sync.conflicts.resolved", params: { key: open.conflict.label, cells: resolution.writes.length, sheet: open.scope.sheet } },
        ...resolution.notWritten.map((n): Notice => ({ key: "sync.message", params: { text: n.message[this.pane.lang] } })),
      ];
      this.pane.notify([...notices, ...this.pane.state.notices]);
    });
  }

  // --- pull ----------------------------------------------------------------------------------------------

  /** The region's data (what the role may see), from the last cursor, into its sheet(s). */
  pull(): Promise<void> {
    return this.pane.task("progress.pulling", async (signal, progress) => {
      const session = this.need();
      const workbook = this.pane.adapter;
      const pulled = await session.pull(this.pane.lang, { signal, onPage: (p) => progress(p) });
      const tables = [pulled.tables.followUps, pulled.tables.indicatorValues].filter((t) => t.rows.length > 0);
      const sheets: RegionTableReport[] = [];
      for (const table of tables) sheets.push(await workbook.writeRegionTable(table, { signal, onProgress: progress }));
      const checked = this.pane.checked;
      const rebased = checked ? await session.rebase(checked.result, await workbook.workbookId(), pulled.result) : null;
      const changed = pulled.result.changed.followUps.length + pulled.result.changed.indicatorValues.length;
      const total = tables.reduce((n, t) => n + t.rows.length, 0);
      this.set({ pull: { sheets, changed, total, pulledAt: pulled.result.snapshot.pulledAt, rebased } });
      const notices: Notice[] =
        total === 0
          ? [{ key: "sync.pull.nothing" }]
          : [{ key: "sync.pull.done", params: { changed, total, sheets: sheets.map((s) => s.sheet).join(", ") } }];
      if (rebased) notices.push({ key: "sync.pull.rebased", params: { count: rebased } });
      this.pane.notify(notices);
    });
  }

  // --- dashboards ----------------------------------------------------------------------------------------

  dashboard(request: DashboardRequest): Promise<void> {
    return this.pane.task("progress.dashboard", async (signal) => {
      const session = this.need();
      const lang = this.pane.lang;
      const ref = this.pane.reference;
      const spec =
        request.id === "recommendations"
          ? await session.recommendationsDashboard(request.meetingId ? { meetingId: request.meetingId } : {}, { signal })
          : await session.indicatorsDashboard(
              { year: String(request.year) },
              {
                indicator: (code) => {
                  const i = ref.indicators.find((x) => x.code === code);
                  return i ? { fr: i.nameFr, en: i.nameEn } : undefined;
                },
                actor: (id) => {
                  const a = ref.actors.find((x) => x.id === id);
                  return a ? { fr: actorName(a, "fr"), en: actorName(a, "en") } : undefined;
                },
              },
              { signal },
            );
      const report = await this.pane.adapter.writeDashboard(spec, lang, { signal });
      this.set({ dashboard: { ...report, id: spec.id, asOf: spec.asOf } });
      const notices: Notice[] = [
        { key: report.created ? "sync.dash.built" : "sync.dash.refreshed", params: { sheet: report.sheet, tables: report.tables, charts: report.charts } },
      ];
      if (report.chartsSkipped > 0) notices.push({ key: "sync.dash.chartsSkipped", params: { count: report.chartsSkipped } });
      this.pane.notify(notices);
    });
  }
}

function emptyModel(): PreviewModel {
  const byResult = Object.fromEntries(RESULT_KINDS.map((k) => [k, []])) as unknown as PreviewModel["byResult"];
  const counts = Object.fromEntries(RESULT_KINDS.map((k) => [k, 0])) as Record<ResultKind, number>;
  return { counts, total: 0, items: [], byResult };
}
