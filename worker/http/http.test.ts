import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { PushRequest } from "../../shared/sync/protocol";
import { toPushBody } from "../../shared/sync/push-body";
import type { Tokens } from "../test/helpers";
import { call, dumpTables, fu, iv, makeTokens, seed } from "../test/helpers";
import { csvCell, toCsv } from "./csv";

let t: Tokens;
beforeAll(async () => {
  await seed();
  t = await makeTokens();
});

const isEnvelope = (json: unknown) => {
  const e = (json as { error?: { code?: unknown; message?: { fr?: unknown; en?: unknown } } })?.error;
  return typeof e?.code === "string" && typeof e.message?.fr === "string" && typeof e.message?.en === "string";
};

describe("bodies the API refuses", () => {
  it("413 above MAX_BODY_BYTES, with or without Content-Length", async () => {
    const big = `{"followUps":[],"x":"${"a".repeat(5 * 1024 * 1024)}"}`;
    const r = await call("POST", "/v1/sync/push", { token: t.CI, raw: big, headers: { "Content-Type": "application/json" } });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe("payload-too-large");
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 65536) controller.enqueue(bytes.slice(i, i + 65536));
        controller.close();
      },
    });
    const chunked = await call("POST", "/v1/sync/push", { token: t.CI, raw: stream, headers: { "Content-Type": "application/json" } });
    expect(chunked.status).toBe(413);
    expect(isEnvelope(chunked.json)).toBe(true);
  });

  it("415 for another content type, 400 for bad UTF-8, bad JSON, deep JSON and numbers out of range", async () => {
    const cases: [string, BodyInit, string, number, string][] = [
      ["text", '{"followUps":[]}', "text/plain", 415, "unsupported-media-type"],
      ["latin-1", '{"followUps":[]}', "application/json; charset=iso-8859-1", 415, "unsupported-media-type"],
      ["bad utf-8", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), "application/json", 400, "invalid-utf8"],
      ["truncated", '{"followUps":[', "application/json", 400, "invalid-json"],
      ["deep", `${"[".repeat(100_000)}${"]".repeat(100_000)}`, "application/json", 400, "invalid-request"],
      ["huge number", JSON.stringify({ indicatorValues: [iv("REV", "CI", "2021Q1")] }).replace('"value":1', '"value":1e400'), "application/json", 400, "invalid-request"],
      ["huge version", JSON.stringify({ indicatorValues: [iv("REV", "CI", "2021Q1", {}, 1e20)] }), "application/json", 400, "invalid-request"],
    ];
    for (const [name, raw, type, status, code] of cases) {
      const r = await call("POST", "/v1/sync/push", { token: t.CI, raw, headers: { "Content-Type": type } });
      expect([name, r.status, r.json?.error?.code]).toEqual([name, status, code]);
      expect(isEnvelope(r.json)).toBe(true);
    }
  });

  it("names the record and the field of a validation error", async () => {
    const r = await call("POST", "/v1/sync/push", {
      token: t.CI,
      body: { followUps: [fu("PC11-R02", "CI"), fu("PC11-D1", "CI", { progress: 150 })] },
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: "invalid-request", record: "followUps[1]", field: "fields.progress" });
    const q = await call("GET", "/v1/sync/pull?since=abc", { token: t.CI });
    expect(q.json.error).toMatchObject({ code: "invalid-request", field: "since" });
  });
});

describe("1,000 malformed requests", () => {
  const valid = () => ({
    followUps: [fu("PC11-R02", "CI", { due: { type: "date", date: "2021-12-31" } })],
    indicatorValues: [iv("REV", "CI", "2021Q3", { value: 12, comment: "ok" })],
  });

  type Path = (string | number)[];
  /** The leaves (primitive values) of a request body, with their paths. */
  function leaves(value: unknown, path: Path = []): Path[] {
    if (value !== null && typeof value === "object") {
      return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
    }
    return [path];
  }
  function objects(value: unknown, path: Path = []): Path[] {
    if (value === null || typeof value !== "object") return [];
    const here = Array.isArray(value) ? [] : [path];
    return [...here, ...Object.entries(value).flatMap(([k, v]) => objects(v, [...path, Array.isArray(value) ? Number(k) : k]))];
  }
  function at(root: unknown, path: Path): Record<string | number, unknown> {
    return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root) as Record<string | number, unknown>;
  }

  // Each mutation makes the body invalid whatever leaf it hits: no field accepts a boolean, an array or an object
  // where a primitive is, every key inside a record is required, objects are strict, and no text field takes
  // 20,000 characters.
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant("wrong-type" as const), pick: fc.nat(), value: fc.constantFrom<unknown>(true, false, [], [1], { a: 1 }) }),
    fc.record({ kind: fc.constant("missing" as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant("huge-string" as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant("unknown-key" as const), pick: fc.nat(), key: fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !["key", "fields", "baseVersion", "followUps", "indicatorValues", "__proto__"].includes(k)) }),
    fc.record({ kind: fc.constant("other-administration" as const), actor: fc.constantFrom("SN", "GM", "GQ", "BRRC-AOC") }),
    fc.record({ kind: fc.constant("raw" as const), text: fc.oneof(fc.string(), fc.constantFrom("{", "[1,", "nul", '{"followUps":[{]}', "\u0000", "{}}")) }),
    fc.record({ kind: fc.constant("bytes" as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Uint8Array.from([0xc3, ...b, 0xff])) }),
    fc.record({ kind: fc.constant("content-type" as const), type: fc.constantFrom("text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded") }),
  );
  const endpoint = fc.constantFrom("/v1/sync/push", "/v1/sync/dry-run", "/v1/sync/push?dryRun=true");
  /** Indicator values as records, or as the columns the add-in sends. */
  const form = fc.constantFrom("records" as const, "columns" as const);
  const REQUIRED_COLUMNS = ["indicatorCode", "actorId", "period", "value"];

  it("all get a 4xx JSON error, and the database does not change", async () => {
    const before = await dumpTables();
    let count = 0;
    await fc.assert(
      fc.asyncProperty(endpoint, mutation, form, async (path, m, valuesAs) => {
        const body = (valuesAs === "columns" ? toPushBody(valid() as PushRequest) : valid()) as unknown;
        const columns = (body as { indicatorValueColumns?: Record<string, unknown[]> }).indicatorValueColumns;
        let raw: BodyInit = "";
        let type = "application/json";
        if (m.kind === "missing" && columns && m.pick % 2 === 0) {
          // a required column (the others may be left out, and an entry left out of a column reads as null)
          delete columns[REQUIRED_COLUMNS[Math.floor(m.pick / 2) % REQUIRED_COLUMNS.length]!];
          raw = JSON.stringify(body);
        } else if (m.kind === "wrong-type" || m.kind === "huge-string" || m.kind === "missing") {
          const all = m.kind === "missing" ? leaves(body).filter((p) => p.length >= 3 && p[0] !== "indicatorValueColumns") : leaves(body);
          const target = all[m.pick % all.length]!;
          const parent = at(body, target.slice(0, -1));
          const last = target[target.length - 1]!;
          if (m.kind === "wrong-type") parent[last] = m.value;
          else if (m.kind === "huge-string") parent[last] = "x".repeat(20_000);
          else {
            // a required key of a record, its key or its fields (not an array element)
            const path3 = target.slice(0, 3);
            const obj = at(body, path3.slice(0, -1));
            delete obj[path3[path3.length - 1]!];
          }
          raw = JSON.stringify(body);
        } else if (m.kind === "unknown-key") {
          const all = objects(body);
          at(body, all[m.pick % all.length]!)[m.key] = 1;
          raw = JSON.stringify(body);
        } else if (m.kind === "other-administration") {
          if (columns) columns.actorId![0] = m.actor;
          else (body as ReturnType<typeof valid>).indicatorValues[0]!.key.actorId = m.actor;
          raw = JSON.stringify(body);
        } else if (m.kind === "raw") raw = m.text;
        else if (m.kind === "bytes") raw = m.bytes;
        else {
          raw = JSON.stringify(body);
          type = m.type;
        }
        const r = await call("POST", path, { token: t.CI, raw, headers: { "Content-Type": type } });
        count++;
        if (r.status < 400 || r.status >= 500 || !isEnvelope(r.json)) {
          throw new Error(`${m.kind} → ${r.status} ${r.text.slice(0, 300)}`);
        }
      }),
      { numRuns: 1000 },
    );
    expect(count).toBe(1000);
    expect(await dumpTables()).toBe(before);
  }, 120_000);
});

describe("CSV cells", () => {
  it("make formulas inert and quote what needs it", () => {
    expect(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"].map((v) => csvCell(v, ","))).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      "\"'\rx\"",
    ]);
    expect(csvCell(-12, ",")).toBe("-12");
    expect(csvCell('a,"b"', ",")).toBe('"a,""b"""');
    expect(csvCell("a;b", ";")).toBe('"a;b"');
    expect(toCsv([{ header: "x", value: (r: { x: string }) => r.x }], [{ x: "é" }])).toBe("\uFEFFx\r\né\r\n");
  });
});
