import type { Message } from "../../shared/pipeline/types";
import { createApiClient, type ApiClient } from "../../worker/client";
import { syncBoth } from "../i18n/sync-messages";
import { CancelledError } from "../workbook/adapter";

export type { ApiClient };

/** The typed client for a connection. `fetch` is injectable for tests (and for the e2e network cut). */
export function apiClient(apiUrl: string, token: string, fetchImpl?: typeof fetch): ApiClient {
  // Bound: some browsers refuse a fetch called with another `this` than window.
  const f = fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  return createApiClient(apiUrl, { token, fetch: f });
}

/** The request never got an answer: offline, DNS, TLS, connection cut, timeout. Worth retrying. */
export class NetworkError extends Error {
  constructor(
    readonly userMessage: Message,
    readonly reason: "offline" | "timeout" | "unreadable",
    options?: { cause?: unknown },
  ) {
    super(userMessage.en, options);
    this.name = "NetworkError";
  }
}

/** The API answered with an error envelope (or at least an error status). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly userMessage: Message,
    readonly details: { field?: string; record?: string | number; retryAfterSeconds?: number } = {},
  ) {
    super(`${status} ${code}`);
    this.name = "ApiFailure";
  }

  /** Worth sending again later, unchanged: the server was unavailable or asked us to wait. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

/** The user-facing message of whatever a call threw. */
export function failureMessage(error: unknown): Message {
  if (error instanceof NetworkError || error instanceof ApiFailure) return error.userMessage;
  if (error instanceof CancelledError) return syncBoth("api.cancelled");
  return syncBoth("api.unexpected", { detail: error instanceof Error ? error.message : String(error) });
}

interface Answer {
  ok: boolean;
  status: number;
  headers: Headers;
  json(): Promise<unknown>;
}

/** The body type of a typed client answer's 200 variant. */
export type OkBody<R> = R extends { status: 200; json(): Promise<infer B> } ? B : never;

export interface CallOptions {
  /** The caller's cancel button. */
  signal?: AbortSignal;
  /** Give up waiting after this long (slow links: generous, but a hung request must not block the outbox). */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * One API call through the typed client, with a timeout: resolves to the 200 body, or throws NetworkError
 * (no answer), ApiFailure (an error answer) or CancelledError (the caller's signal).
 */
export async function callApi<R extends Answer>(
  send: (init: RequestInit) => Promise<R>,
  options: CallOptions = {},
): Promise<OkBody<R>> {
  if (options.signal?.aborted) throw new CancelledError();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort);
  try {
    let res: R;
    try {
      res = await send({ signal: controller.signal });
    } catch (error) {
      if (options.signal?.aborted) throw new CancelledError();
      if (timedOut) throw new NetworkError(syncBoth("api.timeout"), "timeout", { cause: error });
      throw new NetworkError(syncBoth("api.offline"), "offline", { cause: error });
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch (error) {
      if (options.signal?.aborted) throw new CancelledError();
      // The answer was cut, or is not ours (a captive portal's page): as if none came.
      if (res.ok || res.status >= 500) throw new NetworkError(syncBoth("api.unreadable"), timedOut ? "timeout" : "unreadable", { cause: error });
      body = null;
    }
    if (res.ok) return body as OkBody<R>;
    throw failureFrom(res.status, body, res.headers);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

function failureFrom(status: number, body: unknown, headers: Headers): ApiFailure {
  const error = (body as { error?: { code?: unknown; message?: unknown; field?: unknown; record?: unknown } } | null)?.error;
  const message = error?.message as Partial<Message> | undefined;
  const userMessage =
    message && typeof message.fr === "string" && typeof message.en === "string"
      ? { fr: message.fr, en: message.en }
      : syncBoth("api.status", { status });
  const retryAfter = Number(headers.get("Retry-After"));
  return new ApiFailure(status, typeof error?.code === "string" ? error.code : `http-${status}`, userMessage, {
    ...(typeof error?.field === "string" ? { field: error.field } : {}),
    ...(typeof error?.record === "string" || typeof error?.record === "number" ? { record: error.record } : {}),
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  });
}
