import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadReferenceData } from "../../shared/reference";
import type { PushRequest, PushResponse } from "../../shared/sync/protocol";
import { PushBody, fromPushBody } from "../../shared/sync/push-body";
import { runPush, where } from "./push";

const fixtures = resolve(import.meta.dirname, "../../../shared/fixtures");

/** A stand-in for the API: answers who and the reference data, records pushes, can drop an answer. */
interface Seen {
  path: string;
  key: string | undefined;
  body: PushRequest;
}
const seen: Seen[] = [];
let dropNextPush = false;
let conflictsInDryRun = false;
let base = "";
const server = createServer((req, res) => {
  let text = "";
  req.on("data", (d: Buffer) => (text += d.toString()));
  req.on("end", () => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== "Bearer test-token") return json(401, { error: { code: "invalid-token", message: { fr: "non", en: "no" } } });
    const path = (req.url ?? "").split("?")[0];
    if (path === "/v1/me") return json(200, { role: "brrc", actorId: null, tokenId: "x", label: "brrc", permissions: [] });
    if (path === "/v1/reference") return json(200, loadReferenceData());
    if (path === "/v1/sync/push" || path === "/v1/sync/dry-run") {
      const body = fromPushBody(PushBody.parse(JSON.parse(text)));
      seen.push({ path: req.url ?? "", key: req.headers["idempotency-key"] as string | undefined, body });
      if (path === "/v1/sync/push" && dropNextPush) {
        dropNextPush = false;
        return res.destroy();
      }
      const dry = path === "/v1/sync/dry-run";
      const results = (n: number) =>
        Array.from({ length: n }, (_, index) =>
          dry && conflictsInDryRun && index === 0
            ? { index, result: "conflict" as const, version: 4, differences: [{ field: "value", server: 1, incoming: 2 }] }
            : { index, result: "created" as const, version: 1 },
        );
      const followUps = results(body.followUps?.length ?? 0);
      const indicatorValues = results(body.indicatorValues?.length ?? 0);
      const all = [...followUps, ...indicatorValues];
      const response: PushResponse = {
        dryRun: dry,
        summary: {
          created: all.filter((r) => r.result === "created").length,
          updated: 0,
          unchanged: 0,
          conflict: all.filter((r) => r.result === "conflict").length,
          rejected: 0,
        },
        followUps,
        indicatorValues,
      };
      return json(200, response);
    }
    json(404, { error: { code: "not-found", message: { fr: "?", en: "?" } } });
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function push(...args: string[]) {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const code = await runPush([...args, "--server", base, "--lang", "en"]);
    return { code, out: log.mock.calls.map((c) => String(c[0])).join("\n"), err: error.mock.calls.map((c) => String(c[0])).join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe("push", () => {
  it("sends only the records without errors, and reports the errors with their cells", async () => {
    seen.length = 0;
    const r = await push(`${fixtures}/consolidation-indicateurs-brrc-2021.xlsx`, "--token", "test-token");
    expect(r.code).toBe(1);
    expect(r.out).toContain("E12");
    expect(r.out).toContain("7 record(s) not sent");
    expect(seen).toHaveLength(1);
    const values = seen[0]!.body.indicatorValues ?? [];
    expect(values).toHaveLength(11);
    // Niger's 135 % and Mali's −12 are errors on the sheet: never sent
    expect(values.some((v) => v.key.actorId === "NE" && v.key.indicatorCode === "ENF-INSP")).toBe(false);
    expect(values.some((v) => v.key.actorId === "ML")).toBe(false);
    expect(values.every((v) => v.baseVersion === null)).toBe(true);
  });

  it("retries a push whose answer was lost with the same Idempotency-Key", async () => {
    seen.length = 0;
    dropNextPush = true;
    const r = await push(`${fixtures}/kpi-gambia-2021.xlsx`, "--token", "test-token");
    expect(r.code).toBe(0);
    expect(r.out).toContain("24 created");
    expect(seen.map((s) => s.path.split("?")[0])).toEqual(["/v1/sync/push", "/v1/sync/push"]);
    expect(seen[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[1]!.key).toBe(seen[0]!.key);
    expect(seen[1]!.body).toEqual(seen[0]!.body);
  });

  it("--overwrite bases conflicting records on the server's version; --dry-run writes nothing", async () => {
    seen.length = 0;
    conflictsInDryRun = true;
    const r = await push(`${fixtures}/kpi-gambia-2021.xlsx`, "--token", "test-token", "--overwrite");
    conflictsInDryRun = false;
    expect(seen.map((s) => s.path.split("?")[0])).toEqual(["/v1/sync/dry-run", "/v1/sync/push"]);
    expect(seen[1]!.body.indicatorValues![0]!.baseVersion).toBe(4);
    expect(seen[1]!.body.indicatorValues![1]!.baseVersion).toBeNull();
    expect(r.code).toBe(0);
    seen.length = 0;
    const dry = await push(`${fixtures}/kpi-gambia-2021.xlsx`, "--token", "test-token", "--dry-run");
    expect(seen.map((s) => s.path.split("?")[0])).toEqual(["/v1/sync/dry-run"]);
    expect(dry.out).toContain("Dry run");
  });

  it("exits 2 when the token is refused or the file cannot be read", async () => {
    expect((await push(`${fixtures}/kpi-gambia-2021.xlsx`, "--token", "wrong")).code).toBe(2);
    expect((await push(`${fixtures}/nope.xlsx`, "--token", "test-token")).code).toBe(2);
    expect((await push(`${fixtures}/kpi-gambia-2021.xlsx`)).code).toBe(2);
  });

  it("names cells and rows as Excel does", () => {
    expect(where({ sheet: "KPIs 2021", source: { row: 4, column: 4 } })).toBe("'KPIs 2021'!D4");
    expect(where({ sheet: "Data", source: { row: 12 } })).toBe("Data!12:12");
  });
});
