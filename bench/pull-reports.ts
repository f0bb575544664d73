import { performance } from "node:perf_hooks";
import { request as httpRequest } from "node:http";
import { gunzipSync, gzipSync } from "node:zlib";
import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT } from "../shared/sync/protocol";
import { apiClient } from "../addin/sync/api";
import { emptySnapshot, pullChanges, type RegionSnapshot } from "../addin/sync/pull";
import { PERIODS, REGION_ADMINISTRATIONS, REGION_INDICATORS, REGION_PERIODS, benchRegion, followUpRecords, valueRecords, type Region } from "./region-data";
import { startLocalApi, type LocalApi } from "./workerd";

/**
 * The region at full size in one local workerd/D1 (23 administrations × 50 indicators × 20 quarters of
 * values, and every administration's follow-ups of the shipped meeting), filled through the API by the BRRC:
 * first a quarter of the administrations, then the rest. Reports are measured at both sizes (D1 statements
 * from the API's X-D1-Statements header, and time); the pull is the add-in's own (addin/sync/pull.ts over the
 * typed client), from nothing and then unchanged, with every response's bytes as sent and gzipped.
 */
export interface ReportMeasure {
  path: string;
  statements: number;
  statementsAtQuarter: number;
  ms: number;
  msAtQuarter: number;
  bytes: number;
  bytesAtQuarter: number;
}

export interface PullMeasure {
  records: number;
  fullRequests: number;
  fullBytes: number;
  fullGzipBytes: number;
  fullMs: number;
  /** The same full pull with the largest page the API allows. */
  fullRequestsAtMaxPage: number;
  fullBytesAtMaxPage: number;
  fullGzipBytesAtMaxPage: number;
  unchangedRequests: number;
  unchangedBytes: number;
  unchangedGzipBytes: number;
  /** What workerd answered to Accept-Encoding: gzip (the edge compresses in production). */
  contentEncoding: string | null;
  pageLimit: number;
}

export interface RegionSize {
  administrations: number;
  /** The administrations of the smaller measure (reports). */
  quarter: number;
  indicators: number;
  periods: number;
}

const REPEATS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function reportPaths(region: Region): Record<string, string> {
  const m = region.meetingId;
  return {
    recommendations: `/v1/reports/recommendations?meetingId=${m}&groupBy=recommendation`,
    recommendationsByAddressee: `/v1/reports/recommendations?meetingId=${m}&groupBy=addressee`,
    recommendationsByAdministration: `/v1/reports/recommendations?meetingId=${m}&groupBy=administration`,
    previousMeeting: `/v1/reports/meetings/${region.laterMeetingId}/previous`,
    indicators: "/v1/reports/indicators",
    indicatorsYear: `/v1/reports/indicators?year=${PERIODS.at(-1)!.slice(0, 4)}`,
    completeness: `/v1/reports/completeness?period=${PERIODS.at(-1)!}`,
    staleFollowUps: "/v1/reports/stale-follow-ups?since=2999-01-01",
    recommendationsCsv: `/v1/reports/recommendations?meetingId=${m}&groupBy=administration&format=csv`,
  };
}

async function fill(api: LocalApi, token: string, region: Region, administrations: string[]): Promise<void> {
  const body = JSON.stringify({ followUps: followUpRecords(region, administrations), indicatorValues: valueRecords(region, administrations) });
  const res = await fetch(new URL("/v1/sync/push", api.url), {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`fill: ${res.status} ${text.slice(0, 300)}`);
  const summary = (JSON.parse(text) as { summary: { created: number; rejected: number } }).summary;
  const expected = administrations.length * (region.recommendations.length + region.indicators.length * REGION_PERIODS);
  if (summary.created !== expected) throw new Error(`fill: ${JSON.stringify(summary)}, expected ${expected} created`);
}

async function measureReports(api: LocalApi, token: string, paths: Record<string, string>) {
  const out: Record<string, { statements: number; ms: number; bytes: number }> = {};
  for (const [name, path] of Object.entries(paths)) {
    const times: number[] = [];
    let statements = NaN;
    let bytes = 0;
    for (let r = 0; r < REPEATS; r++) {
      const t = performance.now();
      const res = await fetch(new URL(path, api.url), { headers: { Authorization: `Bearer ${token}` } });
      const body = new Uint8Array(await res.arrayBuffer());
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${new TextDecoder().decode(body).slice(0, 300)}`);
      statements = Number(res.headers.get("x-d1-statements"));
      bytes = body.byteLength;
    }
    out[name] = { statements, ms: median(times), bytes };
  }
  return out;
}

interface Exchange {
  /** The body as JSON text. */
  bytes: number;
  /** The body as it came over the wire to a client that sent Accept-Encoding: gzip. */
  gzipBytes: number;
  encoding: string | null;
}

/** GET over node:http, which (unlike fetch) leaves the body as it came: its size on the wire, then decoded. */
function rawGet(url: string, headers: Headers): Promise<{ status: number; headers: Headers; wire: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "GET", headers: Object.fromEntries(headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") h.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers: h, wire: Buffer.concat(chunks) });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** The add-in's pull over a fetch that asks for gzip and records each response's size, as sent and on the wire. */
async function pull(api: LocalApi, token: string, snapshot: RegionSnapshot, limit: number) {
  const seen: Exchange[] = [];
  const recording: typeof fetch = async (input, init) => {
    if ((init?.method ?? "GET") !== "GET") throw new Error("the pull only GETs");
    const headers = new Headers(init?.headers);
    headers.set("Accept-Encoding", "gzip");
    const url = input instanceof Request ? input.url : String(input);
    const res = await rawGet(url, headers);
    const encoding = res.headers.get("content-encoding");
    // workerd compresses as the edge does; if it did not, gzip it here at zlib's default level
    const body = encoding === "gzip" ? gunzipSync(res.wire) : res.wire;
    seen.push({ bytes: body.byteLength, gzipBytes: encoding === "gzip" ? res.wire.byteLength : gzipSync(body).byteLength, encoding });
    res.headers.delete("content-encoding");
    res.headers.delete("content-length");
    return new Response(new Uint8Array(body), { status: res.status, headers: res.headers });
  };
  const t = performance.now();
  const result = await pullChanges(apiClient(api.url.href, token, recording), snapshot, { limit });
  return {
    ms: performance.now() - t,
    requests: seen.length,
    pages: result.pages,
    bytes: seen.reduce((n, e) => n + e.bytes, 0),
    gzipBytes: seen.reduce((n, e) => n + e.gzipBytes, 0),
    encoding: seen[0]?.encoding ?? null,
  };
}

export async function benchPullAndReports(wanted: { pull: boolean; reports: boolean }, log: (line: string) => void) {
  const region = benchRegion();
  const api = await startLocalApi(region.ref);
  try {
    const brrc = await api.token("brrc");
    const quarter = region.administrations.slice(0, Math.round(REGION_ADMINISTRATIONS / 4));
    const rest = region.administrations.slice(quarter.length);
    const paths = reportPaths(region);

    let reports: Record<string, ReportMeasure> | undefined;
    if (wanted.reports) {
      await fill(api, brrc, region, quarter);
      const small = await measureReports(api, brrc, paths);
      await fill(api, brrc, region, rest);
      const large = await measureReports(api, brrc, paths);
      reports = {};
      for (const [name, path] of Object.entries(paths)) {
        const s = small[name]!;
        const l = large[name]!;
        reports[name] = { path, statements: l.statements, statementsAtQuarter: s.statements, ms: l.ms, msAtQuarter: s.ms, bytes: l.bytes, bytesAtQuarter: s.bytes };
        log(
          `report ${name.padEnd(32)} ${l.statements} statements (${s.statements} at ${quarter.length} administrations), ` +
            `${l.ms.toFixed(0)} ms (${s.ms.toFixed(0)}), ${l.bytes} bytes`,
        );
      }
    } else {
      await fill(api, brrc, region, region.administrations);
    }

    let pullResult: PullMeasure | undefined;
    if (wanted.pull) {
      const full = await pull(api, brrc, emptySnapshot(), DEFAULT_PULL_LIMIT);
      const snapshot = emptySnapshot();
      const atMax = await pull(api, brrc, snapshot, MAX_PULL_LIMIT);
      const records = snapshot.followUps.size + snapshot.indicatorValues.size;
      const expectedValues = REGION_ADMINISTRATIONS * REGION_INDICATORS * REGION_PERIODS;
      if (snapshot.indicatorValues.size !== expectedValues) throw new Error(`pull: ${snapshot.indicatorValues.size} values, expected ${expectedValues}`);
      const unchanged = await pull(api, brrc, snapshot, DEFAULT_PULL_LIMIT);
      pullResult = {
        records,
        fullRequests: full.requests,
        fullBytes: full.bytes,
        fullGzipBytes: full.gzipBytes,
        fullMs: full.ms,
        fullRequestsAtMaxPage: atMax.requests,
        fullBytesAtMaxPage: atMax.bytes,
        fullGzipBytesAtMaxPage: atMax.gzipBytes,
        unchangedRequests: unchanged.requests,
        unchangedBytes: unchanged.bytes,
        unchangedGzipBytes: unchanged.gzipBytes,
        contentEncoding: full.encoding,
        pageLimit: DEFAULT_PULL_LIMIT,
      };
      log(
        `pull: full ${records} records in ${full.requests} requests of ${DEFAULT_PULL_LIMIT}, ${full.bytes} bytes (${full.gzipBytes} gzipped), ${full.ms.toFixed(0)} ms; ` +
          `${atMax.requests} requests of ${MAX_PULL_LIMIT}, ${atMax.bytes} bytes (${atMax.gzipBytes} gzipped); unchanged: ${unchanged.requests} request, ${unchanged.bytes} bytes`,
      );
    }
    const size: RegionSize = { administrations: region.administrations.length, quarter: quarter.length, indicators: region.indicators.length, periods: PERIODS.length };
    return { pull: pullResult, reports, region: size };
  } finally {
    await api.dispose();
  }
}
