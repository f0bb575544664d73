import type { Progress } from "../workbook/adapter";
import type { SyncFollowUp, SyncIndicatorValue } from "../../shared/sync/protocol";
import { DEFAULT_PULL_LIMIT, followUpKeyString, indicatorValueKeyString } from "../../shared/sync/protocol";
import { throwIfAborted } from "../workbook/adapter";
import { callApi, type ApiClient, type CallOptions } from "./api";
import { KEY_PREFIX, readJson, writeJson, type KeyValueStore } from "./store";

/**
 * The region's data as this user may see it, kept locally and brought up to date incrementally: each pull
 * asks for the changes after the last cursor, page after page until the server says there are no more,
 * and merges them by natural key. Kept per user and server (what a token may see depends on its role).
 */
export interface RegionSnapshot {
  /** The server's change sequence seen so far ("0": nothing yet). */
  cursor: string;
  followUps: Map<string, SyncFollowUp>;
  indicatorValues: Map<string, SyncIndicatorValue>;
  /** When the last pull finished (ISO), null before the first. */
  pulledAt: string | null;
}

export function emptySnapshot(): RegionSnapshot {
  return { cursor: "0", followUps: new Map(), indicatorValues: new Map(), pulledAt: null };
}

export function snapshotKey(userScope: string): string {
  return `${KEY_PREFIX}region|${userScope}`;
}

function parseSnapshot(value: unknown): RegionSnapshot | null {
  const v = value as { cursor?: unknown; followUps?: unknown; indicatorValues?: unknown; pulledAt?: unknown } | null;
  if (!v || typeof v.cursor !== "string" || !/^\d{1,15}$/.test(v.cursor) || !Array.isArray(v.followUps) || !Array.isArray(v.indicatorValues)) return null;
  return {
    cursor: v.cursor,
    followUps: new Map((v.followUps as SyncFollowUp[]).map((r) => [followUpKeyString(r.key), r])),
    indicatorValues: new Map((v.indicatorValues as SyncIndicatorValue[]).map((r) => [indicatorValueKeyString(r.key), r])),
    pulledAt: typeof v.pulledAt === "string" ? v.pulledAt : null,
  };
}

export async function loadSnapshot(store: KeyValueStore, userScope: string): Promise<RegionSnapshot> {
  return (await readJson(store, snapshotKey(userScope), parseSnapshot)) ?? emptySnapshot();
}

export function saveSnapshot(store: KeyValueStore, userScope: string, snapshot: RegionSnapshot): Promise<void> {
  return writeJson(store, snapshotKey(userScope), {
    cursor: snapshot.cursor,
    pulledAt: snapshot.pulledAt,
    followUps: [...snapshot.followUps.values()],
    indicatorValues: [...snapshot.indicatorValues.values()],
  });
}

/** Start again from nothing (the region sheet was deleted, or the data looks wrong). */
export function resetSnapshot(store: KeyValueStore, userScope: string): Promise<void> {
  return store.remove(snapshotKey(userScope));
}

export interface PullResult {
  snapshot: RegionSnapshot;
  /** The records that changed in this pull (latest copy of each, in change order). */
  changed: { followUps: SyncFollowUp[]; indicatorValues: SyncIndicatorValue[] };
  pages: number;
  /** Where the pull started. */
  since: string;
}

export interface PullOptions extends CallOptions {
  /** Records per page (the server caps it). */
  limit?: number;
  /** Called after each page has been merged (and saved): progress in records received. */
  onPage?: (progress: Progress & { cursor: string }) => void;
  /** Keep each page's progress (so that a pull cut off halfway resumes where it stopped). */
  save?: (snapshot: RegionSnapshot) => Promise<void>;
  now?: () => Date;
  /** Stop after this many pages even if more wait (a guard against a server that never says hasMore=false). */
  maxPages?: number;
}

/**
 * GET /v1/sync/pull from the snapshot's cursor, every page until hasMore=false, each merged into the
 * snapshot by natural key (a later change of the same record replaces the earlier one). The snapshot is
 * changed in place; a failure leaves it at the last complete page.
 */
export async function pullChanges(client: ApiClient, snapshot: RegionSnapshot, options: PullOptions = {}): Promise<PullResult> {
  const since = snapshot.cursor;
  const changedF = new Map<string, SyncFollowUp>();
  const changedV = new Map<string, SyncIndicatorValue>();
  let pages = 0;
  let received = 0;
  const maxPages = options.maxPages ?? 100_000;
  for (;;) {
    throwIfAborted(options.signal);
    const page = await callApi(
      (init) => client.v1.sync.pull.$get({ query: { since: snapshot.cursor, limit: String(options.limit ?? DEFAULT_PULL_LIMIT) } }, { init }),
      options,
    );
    pages++;
    for (const r of page.followUps) {
      const k = followUpKeyString(r.key);
      snapshot.followUps.set(k, r);
      changedF.delete(k);
      changedF.set(k, r);
    }
    for (const r of page.indicatorValues) {
      const k = indicatorValueKeyString(r.key);
      snapshot.indicatorValues.set(k, r);
      changedV.delete(k);
      changedV.set(k, r);
    }
    received += page.followUps.length + page.indicatorValues.length;
    // The cursor never goes back: a page that says otherwise is ignored as to the cursor.
    if (Number(page.cursor) > Number(snapshot.cursor)) snapshot.cursor = page.cursor;
    if (!page.hasMore || pages >= maxPages) snapshot.pulledAt = (options.now?.() ?? new Date()).toISOString();
    await options.save?.(snapshot);
    options.onPage?.({ done: received, total: received + (page.hasMore ? 1 : 0), cursor: snapshot.cursor });
    if (!page.hasMore || pages >= maxPages) break;
  }
  return { snapshot, changed: { followUps: [...changedF.values()], indicatorValues: [...changedV.values()] }, pages, since };
}

/** Load the user's snapshot, pull what changed (saving page by page), return both. */
export async function pullRegion(store: KeyValueStore, userScope: string, client: ApiClient, options: PullOptions = {}): Promise<PullResult> {
  const snapshot = await loadSnapshot(store, userScope);
  return pullChanges(client, snapshot, { ...options, save: options.save ?? ((s) => saveSnapshot(store, userScope, s)) });
}

/** Lookups by key string, as rebaseOnRegion wants them. */
export function regionLookup(snapshot: RegionSnapshot) {
  return {
    followUp: (key: string) => snapshot.followUps.get(key),
    indicatorValue: (key: string) => snapshot.indicatorValues.get(key),
  };
}
