/**
 * Where the add-in keeps what belongs to the user rather than to the workbook: the connection (API URL and
 * token), the outbox of pushes waiting for the network, the pull cursor and snapshot, the base versions of
 * each sheet's records. Never in the workbook, so that a token never travels with a file.
 *
 * A deliberately small interface (text in, text out) so that the same code runs over localStorage in a
 * browser, OfficeRuntime.storage inside Office when the host offers it, IndexedDB for the large values, and
 * a Map in tests.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  /** Rejects when the value cannot be kept (quota): callers must not report as saved what was not. */
  set(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Every key the add-in writes starts with this, so that sign-out and tests can find them. */
export const KEY_PREFIX = "omd-aoc.";

export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();
  async get(key: string): Promise<string | null> {
    return this.data.get(key) ?? null;
  }
  async set(key: string, value: string): Promise<void> {
    this.data.set(key, value);
  }
  async remove(key: string): Promise<void> {
    this.data.delete(key);
  }
}

/** The part of the Web Storage API we use (localStorage). */
export interface WebStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function webStorageStore(storage: WebStorage): KeyValueStore {
  return {
    async get(key) {
      return storage.getItem(key);
    },
    async set(key, value) {
      storage.setItem(key, value);
    },
    async remove(key) {
      storage.removeItem(key);
    },
  };
}

/** OfficeRuntime.storage, declared structurally: it exists only in hosts with a shared runtime. */
interface OfficeRuntimeStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

function officeRuntimeStorage(): OfficeRuntimeStorage | null {
  const runtime = (globalThis as { OfficeRuntime?: { storage?: Partial<OfficeRuntimeStorage> } }).OfficeRuntime;
  const s = runtime?.storage;
  return s && typeof s.getItem === "function" && typeof s.setItem === "function" && typeof s.removeItem === "function"
    ? (s as OfficeRuntimeStorage)
    : null;
}

/** localStorage, or null where it is missing or refused (private modes and some webviews throw on access). */
function localStorageOrNull(): WebStorage | null {
  try {
    const s = (globalThis as { localStorage?: WebStorage }).localStorage;
    if (!s) return null;
    const probe = `${KEY_PREFIX}probe`;
    s.setItem(probe, "1");
    s.removeItem(probe);
    return s;
  } catch {
    return null;
  }
}

/**
 * The store for small values (connection, cursors, version maps): OfficeRuntime.storage inside Office when
 * available (it outlives the pane), else localStorage, else memory (nothing survives; `durable` says so).
 */
export function settingsStore(): { store: KeyValueStore; durable: boolean } {
  const office = officeRuntimeStorage();
  if (office) {
    return {
      durable: true,
      store: { get: (k) => office.getItem(k), set: (k, v) => office.setItem(k, v), remove: (k) => office.removeItem(k) },
    };
  }
  const local = localStorageOrNull();
  if (local) return { durable: true, store: webStorageStore(local) };
  return { durable: false, store: new MemoryStore() };
}

/**
 * The store for large values (the outbox's pushes, the pull snapshot: tens of megabytes at 50,000 records,
 * beyond localStorage's 5 MB): IndexedDB when the page has it, else the settings store.
 */
export async function dataStore(): Promise<{ store: KeyValueStore; durable: boolean }> {
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory) {
    try {
      return { store: await openIndexedDbStore(factory), durable: true };
    } catch {
      // refused (private mode, disabled storage): fall through
    }
  }
  return settingsStore();
}

const DB_NAME = "omd-aoc";
const OBJECT_STORE = "kv";

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
  });
}

/** One object store of text values; each call is its own transaction (a write resolves once committed). */
export async function openIndexedDbStore(factory: IDBFactory, name = DB_NAME): Promise<KeyValueStore> {
  const open = factory.open(name, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(OBJECT_STORE)) open.result.createObjectStore(OBJECT_STORE);
  };
  const db = await promised(open);
  const write = (run: (s: IDBObjectStore) => IDBRequest) =>
    new Promise<void>((resolve, reject) => {
      const tx = db.transaction(OBJECT_STORE, "readwrite");
      run(tx.objectStore(OBJECT_STORE));
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error("IndexedDB write failed"));
      tx.onabort = () => reject(tx.error ?? new Error("IndexedDB write aborted"));
    });
  return {
    async get(key) {
      const value = await promised(db.transaction(OBJECT_STORE, "readonly").objectStore(OBJECT_STORE).get(key));
      return typeof value === "string" ? value : null;
    },
    set: (key, value) => write((s) => s.put(value, key)),
    remove: (key) => write((s) => s.delete(key)),
  };
}

/** Read a JSON value; anything unreadable counts as absent (storage anyone may have edited). */
export async function readJson<T>(store: KeyValueStore, key: string, parse: (value: unknown) => T | null): Promise<T | null> {
  const text = await store.get(key);
  if (text === null) return null;
  try {
    return parse(JSON.parse(text));
  } catch {
    return null;
  }
}

export function writeJson(store: KeyValueStore, key: string, value: unknown): Promise<void> {
  return store.set(key, JSON.stringify(value));
}
