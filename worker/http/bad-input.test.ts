import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Tokens } from "../test/helpers";
import { call, dumpTables, fu, makeTokens, seed } from "../test/helpers";

/**
 * Bad input on every write endpoint besides push and dry run (worker/http/http.test.ts sends those 1,000
 * generated requests): generated malformed bodies, wrong content types, invalid UTF-8, numbers out of range,
 * deep JSON, truncated JSON, oversized bodies. Each must be a 4xx with the JSON error envelope, and the
 * database must not change. Each endpoint's valid body is sent at the end, to show the refusals came from
 * the damage done to it.
 */
let t: Tokens;
beforeAll(async () => {
  await seed();
  t = await makeTokens();
  // a follow-up waiting for review, so that the review endpoint's valid body is valid
  const r = await call("POST", "/v1/sync/push", { token: t.CI, body: { followUps: [fu("PC11-R02", "CI", { status: "implemented", evidence: "rapport" })] } });
  expect(r.json.summary.created).toBe(1);
});

type Role = keyof Tokens;
interface Endpoint {
  method: string;
  path: string;
  role: Role;
  body: () => Record<string, unknown>;
}

const ci = { id: "CI", kind: "administration", nameFr: "Côte d'Ivoire", nameEn: "Côte d'Ivoire", membership: [{ from: "2000-01-01" }] };
const rev = { code: "REV", nameFr: "Recettes", nameEn: "Revenue", unit: "M", valueType: "amount", direction: "higher-is-better", aggregation: "sum", periodicity: "quarterly", disclosure: "regional", targets: [{ period: "2021Q1", value: 100 }, { period: "2021Q1", value: 150, actorId: "SN" }] };

const ENDPOINTS: Endpoint[] = [
  { method: "PUT", path: "/v1/actors/CI", role: "brrc", body: () => ({ baseVersion: 1, actor: { ...ci, aliases: ["RCI"] } }) },
  { method: "PUT", path: "/v1/meetings/PC11", role: "brrc", body: () => ({ baseVersion: 1, meeting: { id: "PC11", kind: "contact-points", number: 11, titleFr: "11e", titleEn: "11th", startDate: "2020-12-02", endDate: "2020-12-04" } }) },
  { method: "PUT", path: "/v1/recommendations/PC11-R01", role: "brrc", body: () => ({ baseVersion: 1, recommendation: { id: "PC11-R01", meetingId: "PC11", kind: "recommendation", number: "1", textFr: "Sensibiliser", addressees: ["WCO-SEC"], due: { type: "date", date: "2021-06-30" } } }) },
  { method: "POST", path: "/v1/indicators", role: "gtr", body: () => ({ indicator: { ...rev, code: "NEWCODE", thresholds: { green: 1, amber: 0.8 } } }) },
  { method: "PUT", path: "/v1/indicators/REV", role: "gtr", body: () => ({ baseVersion: 1, indicator: { ...rev, unit: "MXOF" } }) },
  { method: "POST", path: "/v1/indicators/DRAFT-X/status", role: "gtr", body: () => ({ baseVersion: 1, status: "published" }) },
  { method: "POST", path: "/v1/reviews/PC11-R02/CI", role: "brrc", body: () => ({ decision: "return", comment: "preuve ?", baseVersion: 1 }) },
  { method: "POST", path: "/v1/tokens", role: "admin", body: () => ({ role: "administration", actorId: "GM", label: "Gambie" }) },
];

type Path = (string | number)[];
function leaves(value: unknown, path: Path = []): Path[] {
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
  }
  return [path];
}
function at(root: unknown, path: Path): Record<string | number, unknown> {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root) as Record<string | number, unknown>;
}
function setLeaf(body: unknown, pick: number, value: unknown, which: (v: unknown) => boolean = () => true): void {
  const all = leaves(body).filter((p) => which(at(body, p.slice(0, -1))[p[p.length - 1]!]));
  const target = (all.length ? all : leaves(body))[pick % (all.length || leaves(body).length)]!;
  at(body, target.slice(0, -1))[target[target.length - 1]!] = value;
}

const PLACEHOLDER = "\u0001HUGE\u0001";
const DEEP = 5_000;

/** Damage that makes any of these bodies invalid, wherever it lands (their schemas are strict at the top). */
const damage = fc.oneof(
  // a value no field takes where a primitive was
  fc.record({ kind: fc.constant("wrong-type" as const), pick: fc.nat(), value: fc.constantFrom<unknown>({ "\u0000": 1 }, [[]], { a: { b: [] } }) }),
  // numbers JSON can write but no finite number is: 1e400 parses as Infinity
  fc.record({ kind: fc.constant("huge-number" as const), pick: fc.nat(), text: fc.constantFrom("1e400", "-1e400", "9".repeat(400)) }),
  // a deep array where a value was
  fc.record({ kind: fc.constant("deep-leaf" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("deep-body" as const), depth: fc.integer({ min: 1_000, max: 60_000 }) }),
  fc.record({ kind: fc.constant("unknown-key" as const), key: fc.string({ minLength: 1, maxLength: 12 }), nested: fc.boolean() }),
  fc.record({ kind: fc.constant("truncated" as const), cut: fc.nat() }),
  fc.record({ kind: fc.constant("not-an-object" as const), text: fc.constantFrom("[]", "null", "1", '"x"', "true", "[{}]") }),
  fc.record({ kind: fc.constant("garbage" as const), text: fc.string({ minLength: 1 }) }),
  fc.record({ kind: fc.constant("bad-utf8" as const), bytes: fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]) }),
  fc.record({ kind: fc.constant("content-type" as const), type: fc.constantFrom("text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; charset=latin1", "") }),
);

type Damage = typeof damage extends fc.Arbitrary<infer D> ? D : never;

function damaged(endpoint: Endpoint, d: Damage): { raw: BodyInit; type: string } {
  const body = structuredClone(endpoint.body()); // nothing shared between runs
  const json = "application/json";
  switch (d.kind) {
    case "wrong-type":
      setLeaf(body, d.pick, structuredClone(d.value));
      return { raw: JSON.stringify(body), type: json };
    case "huge-number":
      setLeaf(body, d.pick, PLACEHOLDER, (v) => typeof v === "number");
      return { raw: JSON.stringify(body).replace(JSON.stringify(PLACEHOLDER), d.text), type: json };
    case "deep-leaf":
      setLeaf(body, d.pick, PLACEHOLDER);
      return { raw: JSON.stringify(body).replace(JSON.stringify(PLACEHOLDER), `${"[".repeat(DEEP)}${"]".repeat(DEEP)}`), type: json };
    case "deep-body":
      return { raw: `${'{"a":'.repeat(d.depth)}1${"}".repeat(d.depth)}`, type: json };
    case "unknown-key": {
      const key = Object.keys(body).includes(d.key) || d.key === "__proto__" ? `${d.key}_x` : d.key;
      const inner = Object.values(body).find((v) => v !== null && typeof v === "object" && !Array.isArray(v)) as Record<string, unknown> | undefined;
      // the records inside (actor, meeting, recommendation, indicator) are strict too
      (d.nested && inner && !Object.keys(inner).includes(key) ? inner : body)[key] = 1;
      return { raw: JSON.stringify(body), type: json };
    }
    case "truncated": {
      const text = JSON.stringify(body);
      return { raw: text.slice(0, 1 + (d.cut % (text.length - 1))), type: json };
    }
    case "not-an-object":
      return { raw: d.text, type: json };
    case "garbage":
      return { raw: d.text, type: json };
    case "bad-utf8": {
      // invalid bytes inside a string of an otherwise valid body
      const [before, after] = JSON.stringify(body).split(/(?<=":")/, 2) as [string, string?];
      const enc = new TextEncoder();
      return { raw: Uint8Array.from([...enc.encode(before), ...d.bytes, ...enc.encode(after ?? "")]), type: json };
    }
    case "content-type":
      return { raw: JSON.stringify(body), type: d.type };
  }
}

const isEnvelope = (json: unknown) => {
  const e = (json as { error?: { code?: unknown; message?: { fr?: unknown; en?: unknown } } })?.error;
  return typeof e?.code === "string" && typeof e.message?.fr === "string" && typeof e.message?.en === "string";
};

describe("bad input on every write endpoint", () => {
  it("is answered 4xx with a JSON error, and nothing is written", { timeout: 180_000 }, async () => {
    const before = await dumpTables();
    let count = 0;
    const codes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), damage, async (endpoint, d) => {
        const { raw, type } = damaged(endpoint, d);
        const headers: Record<string, string> = type ? { "Content-Type": type } : {};
        const r = await call(endpoint.method, endpoint.path, { token: t[endpoint.role], raw, headers });
        count++;
        if (r.status < 400 || r.status >= 500 || !isEnvelope(r.json)) {
          throw new Error(`${endpoint.method} ${endpoint.path} ${d.kind} → ${r.status} ${r.text.slice(0, 300)}`);
        }
        codes.set(r.json.error.code, (codes.get(r.json.error.code) ?? 0) + 1);
      }),
      { numRuns: 800 },
    );
    expect(count).toBe(800);
    expect(await dumpTables()).toBe(before);
    // the refusals say what was wrong, not one catch-all
    expect([...codes.keys()]).toEqual(expect.arrayContaining(["invalid-request", "invalid-json", "invalid-utf8", "unsupported-media-type"]));
  });

  it("refuses bodies over the limit on every endpoint (413), with or without a Content-Length", async () => {
    const before = await dumpTables();
    for (const endpoint of ENDPOINTS) {
      const big = JSON.stringify({ ...endpoint.body(), pad: "a".repeat(5 * 1024 * 1024) });
      const bytes = new TextEncoder().encode(big);
      const streamed = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 1 << 16) controller.enqueue(bytes.slice(i, i + (1 << 16)));
          controller.close();
        },
      });
      for (const raw of [big, streamed]) {
        const r = await call(endpoint.method, endpoint.path, { token: t[endpoint.role], raw, headers: { "Content-Type": "application/json" } });
        expect([endpoint.path, r.status, r.json?.error?.code]).toEqual([endpoint.path, 413, "payload-too-large"]);
      }
    }
    expect(await dumpTables()).toBe(before);
  });

  it("accepts each endpoint's body undamaged (the refusals above came from the damage)", async () => {
    for (const endpoint of ENDPOINTS) {
      const r = await call(endpoint.method, endpoint.path, { token: t[endpoint.role], body: endpoint.body() });
      expect([endpoint.path, r.status < 300 ? "ok" : r.text.slice(0, 300)]).toEqual([endpoint.path, "ok"]);
    }
  });
});
