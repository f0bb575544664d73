import type { Message, RecordSource } from "../../shared/pipeline/types";
import type { PushRequest, PushResponse } from "../../shared/sync/protocol";
import { IdempotencyKey } from "../../shared/sync/protocol";
import { toPushBody } from "../../shared/sync/push-body";
import { syncBoth } from "../i18n/sync-messages";
import { CancelledError } from "../workbook/adapter";
import { newGuid } from "../workbook/guid";
import { ApiFailure, callApi, failureMessage, NetworkError, type ApiClient } from "./api";
import { recordCount, splitPush, PUSH_CHUNK_BYTES, type VersionScope } from "./records";
import { KEY_PREFIX, readJson, writeJson, type KeyValueStore } from "./store";

/**
 * The durable outbox: every push goes through it. An entry is written to the user's store before anything
 * is sent, with an Idempotency-Key fixed at that moment; sending it again (after a cut, a timeout, a reload
 * of the pane or of Excel) sends the same key, so the server applies it once and answers the retry with the
 * first answer. Entries leave in the order they came, and only when the server has answered.
 */

export interface OutboxEntry {
  /** Fixed when enqueued (a random GUID); also the entry's id. */
  idempotencyKey: string;
  request: PushRequest;
  createdAt: string;
  attempts: number;
  lastAttemptAt: string | null;
  lastError: Message | null;
  /** For the pane: where it came from ("Suivi CI", part 2 of 3) and how many records. */
  label: string;
  part: { index: number; of: number };
  records: number;
  /** Where each record sits on its sheet, index for index: conflicts answered later can still be written back. */
  sources?: { followUps: RecordSource[]; indicatorValues: RecordSource[] };
  /** The sheet whose base versions the answer updates, even when it comes after a reload. */
  versions?: VersionScope;
}

export interface Delivery {
  entry: OutboxEntry;
  response: PushResponse;
}

export interface Refusal {
  entry: OutboxEntry;
  error: ApiFailure;
}

export type OutboxEvent =
  | { type: "changed"; pending: readonly OutboxEntry[] }
  | { type: "delivered"; delivery: Delivery }
  /** Delivered, but some records met a newer version on the server: resolve them (conflicts.ts). */
  | { type: "conflicts"; delivery: Delivery }
  /** The server refused the entry as a whole (4xx): removed, not to be sent again. */
  | { type: "rejected"; refusal: Refusal }
  /** No answer, or the server asked to wait: kept, tried again at `retryAt` (null: on the next sign-in). */
  | { type: "waiting"; entry: OutboxEntry; error: Message; retryAt: string | null };

export interface FlushReport {
  delivered: Delivery[];
  rejected: Refusal[];
  /** Why the flush stopped before the end, if it did; the entries from there on still wait. */
  stopped: { reason: "offline" | "busy" | "sign-in" | "not-connected" | "cancelled" | "error"; error: Message } | null;
  remaining: number;
}

export interface OutboxOptions {
  store: KeyValueStore;
  /** serverScope(connection): one outbox per server. */
  server: string;
  /** The current connection's client; null when signed out (entries wait). */
  client: () => ApiClient | null;
  /** Per entry; default 30 s plus 30 s per 500 kB (slow links). */
  timeoutMs?: (entry: OutboxEntry) => number;
  /** Retry after a failure: base × 2^(failures−1), capped, plus up to `jitter` of it at random. */
  backoff?: { baseMs: number; maxMs: number; jitter: number };
  maxRequestBytes?: number;
  now?: () => Date;
  newKey?: () => string;
  random?: () => number;
}

export const DEFAULT_BACKOFF = { baseMs: 2_000, maxMs: 5 * 60_000, jitter: 0.2 };

export function outboxKey(server: string): string {
  return `${KEY_PREFIX}outbox|${server}`;
}

function parseEntries(value: unknown): OutboxEntry[] | null {
  const entries = (value as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) return null;
  return entries.filter(
    (e): e is OutboxEntry =>
      typeof e === "object" &&
      e !== null &&
      IdempotencyKey.safeParse((e as OutboxEntry).idempotencyKey).success &&
      typeof (e as OutboxEntry).request === "object" &&
      (e as OutboxEntry).request !== null,
  );
}

function defaultTimeout(entry: OutboxEntry): number {
  const bytes = JSON.stringify(entry.request).length;
  return 30_000 + Math.ceil(bytes / 500_000) * 30_000;
}

export class Outbox {
  private entries: OutboxEntry[] = [];
  private listeners = new Set<(event: OutboxEvent) => void>();
  private running: Promise<FlushReport> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private retryAt: Date | null = null;
  private detach: (() => void) | null = null;
  /** False when the last write to the store failed: what waits would not survive a reload. */
  durable = true;

  private constructor(private readonly options: OutboxOptions) {}

  /** The outbox of a server, as the store holds it (what a previous pane left is still there). */
  static async open(options: OutboxOptions): Promise<Outbox> {
    const box = new Outbox(options);
    box.entries = (await readJson(options.store, outboxKey(options.server), parseEntries)) ?? [];
    return box;
  }

  /** What waits, oldest first. */
  pending(): readonly OutboxEntry[] {
    return this.entries;
  }

  /** When the next automatic attempt is due, if one is planned. */
  nextAttempt(): Date | null {
    return this.retryAt;
  }

  subscribe(listener: (event: OutboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Put a push in the outbox (split into requests the link can carry), kept in the store before it returns.
   * Nothing is sent here: call flush(). `durable` is false when the store refused it (quota): it is then
   * only in memory, and the pane must say so.
   */
  async enqueue(push: { request: PushRequest; label: string; sources?: OutboxEntry["sources"]; versions?: VersionScope }): Promise<{ entries: OutboxEntry[]; durable: boolean }> {
    const parts = splitPush(push.request, this.options.maxRequestBytes ?? PUSH_CHUNK_BYTES);
    const createdAt = this.now().toISOString();
    let fu = 0;
    let iv = 0;
    const entries = parts.map((request, index): OutboxEntry => {
      const nf = request.followUps?.length ?? 0;
      const ni = request.indicatorValues?.length ?? 0;
      const sources = push.sources
        ? { followUps: push.sources.followUps.slice(fu, fu + nf), indicatorValues: push.sources.indicatorValues.slice(iv, iv + ni) }
        : undefined;
      fu += nf;
      iv += ni;
      return {
        idempotencyKey: this.options.newKey?.() ?? newGuid(),
        request,
        createdAt,
        attempts: 0,
        lastAttemptAt: null,
        lastError: null,
        label: push.label,
        part: { index: index + 1, of: parts.length },
        records: recordCount(request),
        ...(sources ? { sources } : {}),
        ...(push.versions ? { versions: push.versions } : {}),
      };
    });
    this.entries.push(...entries);
    const durable = await this.persist();
    this.emit({ type: "changed", pending: this.entries });
    return { entries, durable };
  }

  /** Drop an entry the user no longer wants sent. */
  async discard(idempotencyKey: string): Promise<void> {
    this.entries = this.entries.filter((e) => e.idempotencyKey !== idempotencyKey);
    await this.persist();
    this.emit({ type: "changed", pending: this.entries });
  }

  /**
   * Send what waits, in order, each entry with its own fixed key. Stops at the first entry that gets no
   * answer (or a 5xx, 408, 429, 401): it and those after it wait for the next attempt, which is planned
   * with backoff. An entry the server refuses (other 4xx) is removed and reported. Concurrent calls share
   * one run.
   */
  flush(options: { signal?: AbortSignal } = {}): Promise<FlushReport> {
    this.running ??= this.run(options).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Flush when the browser says the network is back, and on the backoff timer; flush now if anything waits. */
  start(target: Pick<EventTarget, "addEventListener" | "removeEventListener"> | null = globalThis as unknown as EventTarget): void {
    this.stop();
    if (target) {
      const online = () => {
        this.failures = 0;
        void this.flush();
      };
      target.addEventListener("online", online);
      this.detach = () => target.removeEventListener("online", online);
    }
    if (this.entries.length > 0) void this.flush();
  }

  stop(): void {
    this.detach?.();
    this.detach = null;
    this.clearTimer();
  }

  private async run(options: { signal?: AbortSignal }): Promise<FlushReport> {
    this.clearTimer();
    const report: FlushReport = { delivered: [], rejected: [], stopped: null, remaining: 0 };
    const client = this.options.client();
    if (!client) {
      report.stopped = { reason: "not-connected", error: syncBoth("connect.notConnected") };
    }
    while (client && this.entries.length > 0 && !report.stopped) {
      if (options.signal?.aborted) {
        report.stopped = { reason: "cancelled", error: syncBoth("api.cancelled") };
        break;
      }
      const entry = this.entries[0]!;
      entry.attempts++;
      entry.lastAttemptAt = this.now().toISOString();
      await this.persist();
      try {
        const response = await callApi(
          (init) =>
            client.v1.sync.push.$post(
              { json: toPushBody(entry.request), query: {}, header: { "idempotency-key": entry.idempotencyKey } },
              { init },
            ),
          { timeoutMs: (this.options.timeoutMs ?? defaultTimeout)(entry), ...(options.signal ? { signal: options.signal } : {}) },
        );
        this.failures = 0;
        this.remove(entry);
        await this.persist();
        const delivery = { entry, response };
        report.delivered.push(delivery);
        this.emit({ type: "changed", pending: this.entries });
        this.emit({ type: "delivered", delivery });
        if (response.summary.conflict > 0) this.emit({ type: "conflicts", delivery });
      } catch (error) {
        if (error instanceof CancelledError) {
          report.stopped = { reason: "cancelled", error: failureMessage(error) };
        } else if (error instanceof ApiFailure && error.status === 401) {
          // The token, not the push, is at fault: keep it for the next sign-in.
          entry.lastError = syncBoth("outbox.waitingSignIn");
          report.stopped = { reason: "sign-in", error: entry.lastError };
          await this.persist();
          this.emit({ type: "waiting", entry, error: entry.lastError, retryAt: null });
        } else if (error instanceof ApiFailure && !error.retryable) {
          this.remove(entry);
          await this.persist();
          const refusal = { entry, error };
          report.rejected.push(refusal);
          this.emit({ type: "changed", pending: this.entries });
          this.emit({ type: "rejected", refusal });
        } else {
          entry.lastError = failureMessage(error);
          const busy = error instanceof ApiFailure;
          report.stopped = { reason: busy ? "busy" : error instanceof NetworkError ? "offline" : "error", error: entry.lastError };
          await this.persist();
          const delay = this.scheduleRetry(error instanceof ApiFailure ? error.details.retryAfterSeconds : undefined);
          this.emit({ type: "waiting", entry, error: entry.lastError, retryAt: new Date(this.now().getTime() + delay).toISOString() });
        }
      }
    }
    report.remaining = this.entries.length;
    return report;
  }

  /** Plan the next attempt after a failure; returns the delay. */
  private scheduleRetry(retryAfterSeconds?: number): number {
    this.failures++;
    const { baseMs, maxMs, jitter } = this.options.backoff ?? DEFAULT_BACKOFF;
    const exp = Math.min(maxMs, baseMs * 2 ** (this.failures - 1));
    const delay = Math.max(Math.round(exp * (1 + jitter * (this.options.random ?? Math.random)())), (retryAfterSeconds ?? 0) * 1000);
    this.clearTimer();
    this.retryAt = new Date(this.now().getTime() + delay);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.retryAt = null;
      void this.flush();
    }, delay);
    return delay;
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.retryAt = null;
  }

  private remove(entry: OutboxEntry): void {
    this.entries = this.entries.filter((e) => e !== entry);
  }

  private async persist(): Promise<boolean> {
    try {
      await writeJson(this.options.store, outboxKey(this.options.server), { entries: this.entries });
      this.durable = true;
    } catch {
      this.durable = false;
    }
    return this.durable;
  }

  private emit(event: OutboxEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // a listener's failure must not stop the outbox
      }
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
