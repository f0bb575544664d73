import { syncBoth } from "../i18n/sync-messages";
import { apiClient, ApiFailure, callApi, type ApiClient, type CallOptions, type OkBody } from "./api";
import { KEY_PREFIX, readJson, writeJson, type KeyValueStore } from "./store";

/** Who the token belongs to (GET /v1/me): role, administration, permissions. */
export type Identity = OkBody<Awaited<ReturnType<ApiClient["v1"]["me"]["$get"]>>>;

export interface Connection {
  /** The API's base URL, without a trailing slash and without /v1. */
  apiUrl: string;
  token: string;
  /** The last answer of /v1/me, kept so that the pane can say who is connected (and the outbox can work) offline. */
  identity: Identity;
  connectedAt: string;
}

/** One connection per user profile (the store is the user's, never the workbook's). */
export const CONNECTION_KEY = `${KEY_PREFIX}connection`;

/** The pane's own origin: the Worker serves the add-in and the API from the same place. */
export function defaultApiUrl(location: { origin: string } | undefined = globalThis.location): string {
  return location && location.origin && location.origin !== "null" ? location.origin : "";
}

/** An http(s) base URL, trimmed, without a trailing slash or a trailing /v1; null when it is not one. */
export function normaliseApiUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  url.search = "";
  url.hash = "";
  return url.toString().replace(/\/+$/, "").replace(/\/v1$/, "");
}

function parseConnection(value: unknown): Connection | null {
  const v = value as Partial<Connection> | null;
  if (!v || typeof v.apiUrl !== "string" || typeof v.token !== "string" || typeof v.identity !== "object" || v.identity === null) return null;
  return { apiUrl: v.apiUrl, token: v.token, identity: v.identity, connectedAt: typeof v.connectedAt === "string" ? v.connectedAt : "" };
}

export function loadConnection(store: KeyValueStore): Promise<Connection | null> {
  return readJson(store, CONNECTION_KEY, parseConnection);
}

/** GET /v1/me. */
export function whoAmI(client: ApiClient, options?: CallOptions): Promise<Identity> {
  return callApi((init) => client.v1.me.$get(undefined, { init }), options);
}

export interface ConnectInput {
  /** Empty or missing: the pane's own origin. */
  apiUrl?: string;
  token: string;
}

export interface ConnectDeps {
  fetch?: typeof fetch;
  /** The pane's origin, for an empty URL. */
  defaultUrl?: string;
  now?: () => Date;
}

/**
 * Check the token against the API (GET /v1/me) and, when it answers, remember the connection. Nothing is
 * stored when the server refuses the token or cannot be reached: throws ApiFailure or NetworkError.
 */
export async function connect(store: KeyValueStore, input: ConnectInput, deps: ConnectDeps = {}): Promise<{ connection: Connection; client: ApiClient }> {
  const typed = (input.apiUrl ?? "").trim() || (deps.defaultUrl ?? defaultApiUrl());
  const apiUrl = normaliseApiUrl(typed);
  if (!apiUrl) throw new ApiFailure(0, "invalid-url", syncBoth("connect.urlInvalid", { url: typed }), { field: "apiUrl" });
  const token = input.token.trim();
  if (!token) throw new ApiFailure(0, "missing-token", syncBoth("connect.tokenMissing"), { field: "token" });
  const client = apiClient(apiUrl, token, deps.fetch);
  const identity = await whoAmI(client);
  const connection: Connection = { apiUrl, token, identity, connectedAt: (deps.now?.() ?? new Date()).toISOString() };
  await writeJson(store, CONNECTION_KEY, connection);
  return { connection, client };
}

/** The stored connection and its client, or null when the user never connected or signed out. */
export async function restoreConnection(store: KeyValueStore, deps: Pick<ConnectDeps, "fetch"> = {}): Promise<{ connection: Connection; client: ApiClient } | null> {
  const connection = await loadConnection(store);
  return connection ? { connection, client: apiClient(connection.apiUrl, connection.token, deps.fetch) } : null;
}

/**
 * Ask the server again who we are (role or administration may have changed); keeps the stored identity when
 * offline (rethrows the NetworkError for the pane to show), forgets nothing else.
 */
export async function refreshIdentity(store: KeyValueStore, connection: Connection, client: ApiClient): Promise<Connection> {
  const identity = await whoAmI(client);
  const updated = { ...connection, identity };
  await writeJson(store, CONNECTION_KEY, updated);
  return updated;
}

/**
 * Forget the token. The outbox is kept (it holds typed data; it leaves with the next sign-in to the same
 * server); the pull snapshot is per token, so another token starts its own.
 */
export function signOut(store: KeyValueStore): Promise<void> {
  return store.remove(CONNECTION_KEY);
}

/** Keys of what belongs to one server (outbox, version maps). */
export function serverScope(connection: Pick<Connection, "apiUrl">): string {
  return connection.apiUrl;
}

/** Keys of what depends on what the token may see (pull cursor and snapshot). */
export function userScope(connection: Pick<Connection, "apiUrl" | "identity">): string {
  return `${connection.apiUrl}|${connection.identity.tokenId}`;
}
