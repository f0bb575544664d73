import { beforeAll, describe, expect, it } from "vitest";
import type { Tokens } from "../test/helpers";
import { call, dumpTables, iv, makeTokens, seed } from "../test/helpers";

/** Push bodies may come gzip-compressed (Content-Encoding: gzip): the add-in and the CLI send large ones so. */
let t: Tokens;
beforeAll(async () => {
  await seed();
  t = await makeTokens();
});

async function gzip(text: string): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());
}

const pushRaw = (raw: BodyInit, headers: Record<string, string>) =>
  call("POST", "/v1/sync/push", { token: t.CI, raw, headers: { "Content-Type": "application/json", ...headers } });

describe("request bodies", () => {
  it("are taken gzip-compressed as they are plain, down to the Idempotency-Key's request hash", async () => {
    const body = JSON.stringify({ indicatorValues: [iv("REV", "CI", "2016Q1", { value: 7, comment: "données compressées é" })] });
    const zipped = await pushRaw(await gzip(body), { "Content-Encoding": "gzip", "Idempotency-Key": "gzip-key-0001" });
    expect(zipped.status).toBe(200);
    expect(zipped.json.indicatorValues).toEqual([{ index: 0, result: "created", version: 1 }]);
    const value = await call("GET", "/v1/indicator-values?indicatorCode=REV&actorId=CI&period=2016Q1", { token: t.CI });
    expect(value.json.indicatorValues[0].fields).toEqual({ value: 7, target: null, source: null, comment: "données compressées é" });

    // the same request sent plain is the same request: its retry gets the first answer
    const plain = await pushRaw(body, { "Idempotency-Key": "gzip-key-0001" });
    expect(plain.headers.get("idempotent-replayed")).toBe("true");
    expect(plain.text).toBe(zipped.text);
  });

  it("refuses a body that inflates past the limit (413), one that is not gzip (400), another encoding (415); nothing is written", async () => {
    const before = await dumpTables();
    const bomb = await gzip(`{"indicatorValues":[]}${" ".repeat(6 * 1024 * 1024)}`);
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    const inflated = await pushRaw(bomb, { "Content-Encoding": "gzip" });
    expect([inflated.status, inflated.json.error.code]).toEqual([413, "payload-too-large"]);

    const body = JSON.stringify({ indicatorValues: [iv("REV", "CI", "2016Q2")] });
    const broken = await pushRaw(body, { "Content-Encoding": "gzip" });
    expect([broken.status, broken.json.error.code]).toEqual([400, "invalid-gzip"]);
    const truncated = (await gzip(body)).slice(0, 20);
    expect((await pushRaw(truncated, { "Content-Encoding": "gzip" })).json.error.code).toBe("invalid-gzip");

    const brotli = await pushRaw(body, { "Content-Encoding": "br" });
    expect([brotli.status, brotli.json.error.code]).toEqual([415, "unsupported-content-encoding"]);
    expect(brotli.json.error.message.fr).toContain("gzip");
    expect(await dumpTables()).toBe(before);
  });
});
