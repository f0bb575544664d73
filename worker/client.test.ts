import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { COMPRESS_FROM_CHARS, createApiClient } from "./client";
import app from "./index";
import { BASE, iv, makeToken, seed } from "./test/helpers";

let token: string;
beforeAll(async () => {
  await seed();
  token = await makeToken("administration", "SN");
});

/** What the client sends, and the Worker's answer to it. */
function recording() {
  const sent: { encoding: string | null; bytes: number }[] = [];
  const f = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push({ encoding: request.headers.get("content-encoding"), bytes: (await request.clone().arrayBuffer()).byteLength });
    return app.request(request, undefined, env);
  };
  return { sent, f };
}

describe("the typed client", () => {
  it("sends a large push gzip-compressed, which the Worker applies, and a small one as is", async () => {
    const { sent, f } = recording();
    const client = createApiClient(BASE, { token, fetch: f });
    const values = Array.from({ length: 2000 }, (_, i) => iv("REV", "SN", `${1800 + Math.floor(i / 4)}Q${(i % 4) + 1}`, { value: i, comment: "relevé trimestriel" }));
    const plainChars = JSON.stringify({ indicatorValues: values }).length;
    expect(plainChars).toBeGreaterThan(COMPRESS_FROM_CHARS);

    const res = await client.v1.sync.push.$post({ query: {}, header: {}, json: { indicatorValues: values } });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { summary: { created: number } };
    expect(answer.summary.created).toBe(2000);
    expect(sent[0]?.encoding).toBe("gzip");
    expect(sent[0]!.bytes).toBeLessThan(plainChars / 10);

    const small = await client.v1.sync.push.$post({ query: {}, header: {}, json: { indicatorValues: [iv("REV", "SN", "1700Q1")] } });
    expect(small.status).toBe(200);
    expect(sent[1]?.encoding).toBeNull();
  });
});
