import { afterEach, describe, expect, it } from "vitest";
import { defaultApiUrl, normaliseApiUrl } from "./connection";
import { dataStore, MemoryStore, readJson, settingsStore } from "./store";

const g = globalThis as { OfficeRuntime?: unknown };

afterEach(() => {
  delete g.OfficeRuntime;
  localStorage.clear();
});

describe("the user's stores", () => {
  it("use OfficeRuntime.storage inside Office when the host has it", async () => {
    const data = new Map<string, string>();
    g.OfficeRuntime = {
      storage: {
        getItem: async (k: string) => data.get(k) ?? null,
        setItem: async (k: string, v: string) => void data.set(k, v),
        removeItem: async (k: string) => void data.delete(k),
      },
    };
    const { store, durable } = settingsStore();
    expect(durable).toBe(true);
    await store.set("omd-aoc.x", "1");
    expect(data.get("omd-aoc.x")).toBe("1");
    expect(localStorage.getItem("omd-aoc.x")).toBeNull();
    await store.remove("omd-aoc.x");
    expect(await store.get("omd-aoc.x")).toBeNull();
  });

  it("fall back to localStorage, and to memory (not durable) where it is refused", async () => {
    const { store } = settingsStore();
    await store.set("omd-aoc.y", "2");
    expect(localStorage.getItem("omd-aoc.y")).toBe("2");
    g.OfficeRuntime = { storage: {} }; // an object without the methods: guarded
    expect(settingsStore().durable).toBe(true);
    const original = Object.getOwnPropertyDescriptor(globalThis, "localStorage");
    Object.defineProperty(globalThis, "localStorage", {
      configurable: true,
      get() {
        throw new DOMException("denied", "SecurityError");
      },
    });
    try {
      const fallback = settingsStore();
      expect(fallback.durable).toBe(false);
      expect(fallback.store).toBeInstanceOf(MemoryStore);
      // no IndexedDB in this page either: the data store falls back the same way
      expect((await dataStore()).durable).toBe(false);
    } finally {
      Object.defineProperty(globalThis, "localStorage", original!);
    }
  });

  it("read what anyone may have edited as absent rather than fail", async () => {
    const store = new MemoryStore();
    await store.set("k", "{not json");
    expect(await readJson(store, "k", (v) => v)).toBeNull();
    await store.set("k", "[1]");
    expect(await readJson(store, "k", (v) => (Array.isArray(v) ? v : null))).toEqual([1]);
  });
});

describe("the API's address", () => {
  it("defaults to the pane's own origin", () => {
    expect(defaultApiUrl({ origin: "https://omd-aoc.example.org" })).toBe("https://omd-aoc.example.org");
    expect(defaultApiUrl({ origin: "null" })).toBe("");
  });

  it("is an http(s) base URL, without /v1 or a trailing slash", () => {
    expect(normaliseApiUrl(" https://api.example.org/v1/ ")).toBe("https://api.example.org");
    expect(normaliseApiUrl("http://localhost:8787/")).toBe("http://localhost:8787");
    expect(normaliseApiUrl("https://x.org/omd/api?x=1#y")).toBe("https://x.org/omd/api");
    expect(normaliseApiUrl("ftp://x.org")).toBeNull();
    expect(normaliseApiUrl("api.example.org")).toBeNull();
  });
});
