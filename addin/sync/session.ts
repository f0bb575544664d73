import type { Lang } from "../../shared/model/common";
import type { SheetResult } from "../../shared/pipeline/types";
import type { PushResponse } from "../../shared/sync/protocol";
import { fetchIndicatorReports, fetchRecommendationReports } from "../dashboards/fetch";
import { indicatorDashboard, type Names } from "../dashboards/indicators";
import { recommendationDashboard } from "../dashboards/recommendations";
import type { DashboardSpec } from "../dashboards/spec";
import type { ApiClient, CallOptions } from "./api";
import { conflictsOf, resolutionRequest, type Conflict, type Resolution } from "./conflicts";
import { connect, restoreConnection, serverScope, signOut, userScope, type ConnectDeps, type ConnectInput, type Connection } from "./connection";
import { Outbox, type FlushReport, type OutboxEvent, type OutboxOptions } from "./outbox";
import { dryRun, previewModel, type PreviewModel } from "./preview";
import { pullRegion, regionLookup, type PullOptions, type PullResult } from "./pull";
import { loadVersions, outgoingFrom, rebaseOnRegion, recordPushVersions, saveVersions, type Outgoing, type VersionScope } from "./records";
import { followUpTable, indicatorValueTable, type RegionTable } from "./region-table";
import type { KeyValueStore } from "./store";

/**
 * What the pane calls: one object that holds the connection, the outbox of its server, and the user's
 * stores, and strings the sync modules together (connect, preview, push, resolve, pull, dashboards). It
 * touches no workbook: the pane passes checked sheets in and writes what comes back through the adapter
 * (addin/excel/pull-sheet, addin/excel/dashboard-sheet in Excel; render-html in the page).
 */

export interface SessionDeps {
  /** Small values: the connection, the sheets' base versions (settingsStore()). */
  settings: KeyValueStore;
  /** Large values: the outbox, the pull snapshot (dataStore()). */
  data: KeyValueStore;
  fetch?: typeof fetch;
  /** The pane's origin, the API's default address. */
  defaultUrl?: string;
  /** Where "online" events come from (window); null in tests that drive flushes themselves. */
  events?: Pick<EventTarget, "addEventListener" | "removeEventListener"> | null;
  outbox?: Pick<OutboxOptions, "backoff" | "timeoutMs" | "maxRequestBytes" | "newKey" | "random" | "now">;
}

export interface PushOutcome {
  /** False when the store refused the push: it waits in memory only (closing the pane would lose it). */
  durable: boolean;
  report: FlushReport;
  /** Records that met a newer version on the server, to resolve. */
  conflicts: Conflict[];
}

export class SyncSession {
  connection: Connection | null = null;
  client: ApiClient | null = null;
  outbox: Outbox | null = null;
  private readonly listeners = new Set<(event: OutboxEvent) => void>();
  private unsubscribe: (() => void) | null = null;
  /** Base-version updates, one after the other (two answers for the same sheet must not race). */
  private versionWrites: Promise<void> = Promise.resolve();

  private constructor(private readonly deps: SessionDeps) {}

  /** The session as the user left it: the stored connection (if any) and its server's outbox, started. */
  static async open(deps: SessionDeps): Promise<SyncSession> {
    const session = new SyncSession(deps);
    const restored = await restoreConnection(deps.settings, deps.fetch ? { fetch: deps.fetch } : {});
    if (restored) await session.use(restored.connection, restored.client);
    return session;
  }

  /** Connect: check the token (GET /v1/me), remember it for this user, open that server's outbox and start sending what waits. */
  async connect(input: ConnectInput, deps: Pick<ConnectDeps, "now"> = {}): Promise<Connection> {
    const { connection, client } = await connect(this.deps.settings, input, {
      ...deps,
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      ...(this.deps.defaultUrl !== undefined ? { defaultUrl: this.deps.defaultUrl } : {}),
    });
    await this.use(connection, client);
    return connection;
  }

  /** Forget the token; what waits in the outbox stays for the next sign-in to this server. */
  async signOut(): Promise<void> {
    await signOut(this.deps.settings);
    this.connection = null;
    this.client = null;
  }

  /** Outbox events (what waits, deliveries, refusals, conflicts), whichever server is connected. */
  onOutbox(listener: (event: OutboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.outbox?.stop();
    this.unsubscribe?.();
  }

  private async use(connection: Connection, client: ApiClient): Promise<void> {
    const sameServer = this.outbox && this.connection && serverScope(this.connection) === serverScope(connection);
    this.connection = connection;
    this.client = client;
    if (!sameServer) {
      this.close();
      this.outbox = await Outbox.open({ ...this.deps.outbox, store: this.deps.data, server: serverScope(connection), client: () => this.client });
      this.unsubscribe = this.outbox.subscribe((event) => {
        if (event.type === "delivered" && event.delivery.entry.versions) {
          const { entry, response } = event.delivery;
          this.recordVersions(entry.versions!, entry.request, response);
        }
        for (const l of this.listeners) l(event);
      });
    }
    // Starts sending what waits, without holding the pane up on a slow link: flush() joins that run.
    this.outbox!.start(this.deps.events === undefined ? (globalThis as unknown as EventTarget) : this.deps.events);
  }

  private recordVersions(scope: VersionScope, request: Parameters<typeof recordPushVersions>[1], response: PushResponse): void {
    this.versionWrites = this.versionWrites.then(async () => {
      const versions = await loadVersions(this.deps.settings, scope);
      if (recordPushVersions(versions, request, response) > 0) await saveVersions(this.deps.settings, scope, versions);
    });
  }

  private require(): { connection: Connection; client: ApiClient; outbox: Outbox } {
    if (!this.connection || !this.client || !this.outbox) throw new Error("not connected");
    return { connection: this.connection, client: this.client, outbox: this.outbox };
  }

  /** The base versions of a sheet live per server, workbook and sheet. */
  scope(workbook: string, sheet: string): VersionScope {
    return { server: serverScope(this.require().connection), workbook, sheet };
  }

  /** What a checked sheet would send: its valid records with their base versions, and what is held back. */
  async outgoing(result: SheetResult, workbook: string): Promise<Outgoing & { scope: VersionScope }> {
    const scope = this.scope(workbook, result.name);
    return { ...outgoingFrom(result, await loadVersions(this.deps.settings, scope)), scope };
  }

  /** Preview: the API's dry run of the valid records, as a view model. */
  async preview(outgoing: Outgoing, lang: Lang, options: CallOptions = {}): Promise<{ response: PushResponse; model: PreviewModel }> {
    const response = await dryRun(this.require().client, outgoing.request, options);
    return { response, model: previewModel(outgoing, response, lang) };
  }

  /** Push: into the outbox (kept before anything is sent), then sent; answers update the sheet's base versions. */
  async push(outgoing: Outgoing & { scope: VersionScope }): Promise<PushOutcome> {
    const { outbox } = this.require();
    const { durable } = await outbox.enqueue({ request: outgoing.request, label: outgoing.sheet, sources: outgoing.sources, versions: outgoing.scope });
    return this.send(durable);
  }

  /** Send what waits (the pane's "send now" button; the outbox also does it by itself). */
  async flush(): Promise<PushOutcome> {
    return this.send(this.require().outbox.durable);
  }

  /** Resolve: push the resolved records, based on the region's versions. Write `writes` into the sheet as well. */
  async resolve(resolutions: readonly Resolution[], scope: VersionScope, sources?: Outgoing["sources"]): Promise<PushOutcome> {
    const { outbox } = this.require();
    const request = resolutionRequest(resolutions);
    const { durable } = await outbox.enqueue({ request, label: scope.sheet, versions: scope, ...(sources ? { sources } : {}) });
    return this.send(durable);
  }

  private async send(durable: boolean): Promise<PushOutcome> {
    const report = await this.require().outbox.flush();
    await this.versionWrites;
    const conflicts = report.delivered.flatMap((d) => conflictsOf(d.entry.request, d.response, d.entry.sources));
    return { durable, report, conflicts };
  }

  /** Pull: what changed in the region since the last pull, merged into the user's snapshot, as tables to write. */
  async pull(lang: Lang, options: PullOptions = {}): Promise<{ result: PullResult; tables: { followUps: RegionTable; indicatorValues: RegionTable } }> {
    const { connection, client } = this.require();
    const result = await pullRegion(this.deps.data, userScope(connection), client, options);
    return {
      result,
      tables: {
        followUps: followUpTable(result.snapshot.followUps.values(), lang),
        indicatorValues: indicatorValueTable(result.snapshot.indicatorValues.values(), lang),
      },
    };
  }

  /** After a pull: the sheet's records that equal the region's copy are now based on its version. */
  async rebase(result: SheetResult, workbook: string, pulled: PullResult): Promise<number> {
    const scope = this.scope(workbook, result.name);
    const versions = await loadVersions(this.deps.settings, scope);
    const n = rebaseOnRegion(versions, result, regionLookup(pulled.snapshot));
    if (n > 0) await saveVersions(this.deps.settings, scope, versions);
    return n;
  }

  async recommendationsDashboard(filter: { meetingId?: string; asOf?: string }, options: CallOptions = {}): Promise<DashboardSpec> {
    return recommendationDashboard(await fetchRecommendationReports(this.require().client, filter, options));
  }

  async indicatorsDashboard(filter: { year: string; period?: string; days?: number }, names: Names = {}, options: CallOptions = {}): Promise<DashboardSpec> {
    return indicatorDashboard(await fetchIndicatorReports(this.require().client, filter, options), names);
  }
}
