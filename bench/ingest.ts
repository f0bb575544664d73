import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import type { PushRequest } from "../shared/sync/protocol";
import { PushBody, fromPushBody, toPushBody } from "../shared/sync/push-body";
import type { Snapshot } from "../worker/db/sync";
import { writeStatements } from "../worker/db/sync";
import { planPush } from "../worker/sync/plan";
import { benchRegion, valueRecords } from "./region-data";
import { startLocalApi, type LocalApi } from "./workerd";

/**
 * API ingest against bare D1, side by side on one local workerd/D1: pushing 20,000 indicator values through
 * the whole API (HTTP, auth, zod, conflict checks, history), in the body the add-in and the CLI send (values
 * as columns), against one statement that inserts the same rows from a JSON parameter with json_each, into a
 * table of the same shape, on the same D1, through the same socket. Rounds alternate which side goes first;
 * the figure is the median of the rounds.
 */
export const INGEST_ROWS = 20_000;
const SMALL_ROWS = 1_000;
/**
 * Full-size pushes and bare inserts before the measured rounds: the Worker's code is compiled by V8 as it runs
 * (the first 20,000-row pushes cost up to twice a later one), and a Worker that takes pushes all quarter runs
 * warm. The first push's time is kept in the results as `coldApiMs`.
 */
const WARMUP_ROUNDS = 5;
const ROUNDS = 9;
/** The parts are small: more rounds to steady their medians. */
const BREAKDOWN_ROUNDS = 5;

export interface PushMeasure {
  rows: number;
  ms: number;
  statements: number;
  rowsRead: number;
  rowsWritten: number;
  requestBytes: number;
}

export interface IngestResult {
  ratioToBareD1: number;
  apiRowsPerSecond: number;
  bareRowsPerSecond: number;
  statementsPerPush: { "1000": number; "20000": number };
  rowsWrittenOnRepush: number;
  repushMs: number;
  /** The first full-size push, before V8 has compiled the Worker's code (not part of the ratio). */
  coldApiMs: number;
  rounds: { apiMs: number; bareMs: number }[];
  pushes: PushMeasure[];
  /** Where the API's time goes (medians, ms): see BENCHMARKS.md. */
  breakdown: {
    apiMs: number;
    bareMs: number;
    /** The same push with the values as records (the protocol's other form), and its body. */
    recordFormMs: number;
    recordFormBodyBytes: number;
    /** A push of the same size that carries no record (whitespace), refused after validation: HTTP, body checks. */
    transferMs: number;
    /** The real body, refused after validation (a token that may not push): + JSON.parse and zod. */
    validatedMs: number;
    /** The API's own write batch for these rows (upserts, guards, history, sequence), run alone on the same D1. */
    writeBatchMs: number;
    writeBatchRowsWritten: number;
    /** Inside workerd: the D1 call alone, for the API's write batch and for the bare insert. */
    writeBatchD1Ms: number;
    bareD1Ms: number;
    bareRowsWritten: number;
    bareParamBytes: number;
    apiBodyBytes: number;
    /** The same body as the typed client sends it over a slow link (gzip; the benchmark itself sends it plain). */
    apiBodyGzipBytes: number;
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** A push body as the typed client's callers build it (shared/sync/push-body.ts). */
const bodyOf = (request: PushRequest) => JSON.stringify(toPushBody(request));

async function push(api: LocalApi, token: string, body: string, expectCreated: number | null): Promise<PushMeasure> {
  const t = performance.now();
  const res = await fetch(new URL("/v1/sync/push", api.url), {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body,
  });
  const text = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`push: ${res.status} ${text.slice(0, 300)}`);
  const summary = (JSON.parse(text) as { summary: { created: number; unchanged: number; rejected: number } }).summary;
  const rows = fromPushBody(PushBody.parse(JSON.parse(body))).indicatorValues?.length ?? 0;
  if (expectCreated !== null && summary.created !== expectCreated) throw new Error(`push: ${JSON.stringify(summary)}, expected ${expectCreated} created`);
  const header = (name: string) => Number(res.headers.get(name) ?? NaN);
  return {
    rows,
    ms,
    statements: header("x-d1-statements"),
    rowsRead: header("x-d1-rows-read"),
    rowsWritten: header("x-d1-rows-written"),
    requestBytes: Buffer.byteLength(body),
  };
}

/** What the API sends to D1 to create these rows, planned as the Worker plans them (against an empty table). */
function apiWriteBatch(body: string, actors: readonly string[], indicators: readonly string[]) {
  const snapshot: Snapshot = {
    followUps: new Map(),
    indicatorValues: new Map(),
    recommendations: new Set(),
    actors: new Map(actors.map((a) => [a, "administration"])),
    indicators: new Map(indicators.map((c) => [c, { status: "published", valueType: "count", computed: false }])),
  };
  const plan = planPush(fromPushBody(PushBody.parse(JSON.parse(body))), snapshot, false);
  return writeStatements(plan.writes, { now: new Date().toISOString(), by: "bench", tokenId: null });
}

async function refused(api: LocalApi, token: string, body: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(new URL("/v1/sync/push", api.url), {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body,
  });
  await res.text();
  if (res.status !== 403) throw new Error(`expected 403 after validation, got ${res.status}`);
  return performance.now() - t;
}

async function clearValues(api: LocalApi): Promise<void> {
  await api.d1.batch(["DELETE FROM indicator_values", "DELETE FROM indicator_value_history", "DELETE FROM bare_values"].map((s) => api.d1.prepare(s)));
}

export async function benchIngest(log: (line: string) => void): Promise<IngestResult> {
  const region = benchRegion();
  const api = await startLocalApi(region.ref);
  try {
    const brrc = await api.token("brrc");
    const admins = region.administrations.slice(0, INGEST_ROWS / (region.indicators.length * 20));
    const records = valueRecords(region, admins);
    if (records.length !== INGEST_ROWS) throw new Error(`expected ${INGEST_ROWS} rows, generated ${records.length}`);
    const small = bodyOf({ indicatorValues: records.slice(0, SMALL_ROWS) });
    const large = bodyOf({ indicatorValues: records });
    // the same records as objects: the protocol's other form, measured beside it in the breakdown
    const largeRecords = JSON.stringify({ indicatorValues: records });

    // The bare side's table: indicator_values' own definition and index under another name.
    const ddl = await api.d1.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'indicator_values' AND sql IS NOT NULL").all<{ sql: string }>();
    await api.d1.batch(
      ddl.results.map((r) => api.d1.prepare(r.sql.replace(/\bindicator_values(_seq)?\b/g, (_m, s: string | undefined) => `bare_values${s ?? ""}`))),
    );
    const now = new Date().toISOString();
    const bareSql = `INSERT INTO bare_values (indicator_code, period, actor_id, value, target, source, comment, version, seq,
        received_at, updated_at, updated_by)
      SELECT j.value->>0, j.value->>1, j.value->>2, j.value->>3, NULL, NULL, NULL, 1, j.value->>4, '${now}', '${now}', 'bench'
      FROM json_each(?1) j`;
    const bareRows = (n: number) =>
      JSON.stringify(records.slice(0, n).map((r, i) => [r.key.indicatorCode, r.key.period, r.key.actorId, r.fields.value, i + 1]));
    let bareRowsWritten = 0;
    const bareD1: number[] = [];
    const bare = async (param: string, rows: number) => {
      const t = performance.now();
      const meta = await api.bare(bareSql, param);
      const ms = performance.now() - t;
      if (meta.rows_written < rows) throw new Error(`bare insert wrote ${meta.rows_written} rows, expected ${rows}`);
      bareRowsWritten = meta.rows_written;
      if (rows === INGEST_ROWS) bareD1.push(meta.d1Ms);
      return ms;
    };

    // Count the small push's statements, then warm both sides up at full size.
    const pushes: PushMeasure[] = [];
    const first = await push(api, brrc, small, SMALL_ROWS);
    pushes.push(first);
    await clearValues(api);
    const bareParam = bareRows(INGEST_ROWS);
    let coldApiMs = NaN;
    for (let r = 0; r < WARMUP_ROUNDS; r++) {
      const m = await push(api, brrc, large, INGEST_ROWS);
      if (r === 0) coldApiMs = m.ms;
      await bare(bareParam, INGEST_ROWS);
      await clearValues(api);
      log(`ingest warm-up ${r + 1}: API ${m.ms.toFixed(0)} ms`);
    }
    bareD1.length = 0;
    const rounds: { apiMs: number; bareMs: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      let apiMs = 0;
      let bareMs = 0;
      const runApi = async () => {
        const m = await push(api, brrc, large, INGEST_ROWS);
        pushes.push(m);
        apiMs = m.ms;
      };
      const runBare = async () => {
        bareMs = await bare(bareParam, INGEST_ROWS);
      };
      if (r % 2 === 0) {
        await runApi();
        await runBare();
      } else {
        await runBare();
        await runApi();
      }
      rounds.push({ apiMs, bareMs });
      log(`ingest round ${r + 1}: API ${apiMs.toFixed(0)} ms, bare D1 ${bareMs.toFixed(0)} ms for ${INGEST_ROWS} rows (${(bareMs / apiMs).toFixed(3)})`);
      if (r < ROUNDS - 1) await clearValues(api);
    }
    // The last round's rows are in place: the same batch again must write nothing.
    const again = await push(api, brrc, large, 0);
    pushes.push(again);

    // Where the API's time goes: the same request refused after validation (with no record, then with the
    // rows), and the API's own D1 write batch alone.
    const gtr = await api.token("gtr");
    const padded = `{"indicatorValues":[]}${" ".repeat(Buffer.byteLength(large) - 22)}`;
    const transfer: number[] = [];
    const validated: number[] = [];
    const writes: number[] = [];
    const writesD1: number[] = [];
    const recordForm: number[] = [];
    let writeBatchRowsWritten = 0;
    const batch = apiWriteBatch(large, admins, region.indicators);
    for (let r = 0; r < BREAKDOWN_ROUNDS; r++) {
      transfer.push(await refused(api, gtr, padded));
      validated.push(await refused(api, gtr, large));
      await clearValues(api);
      recordForm.push((await push(api, brrc, largeRecords, INGEST_ROWS)).ms);
      await clearValues(api);
      const t = performance.now();
      const metas = await api.bareBatch(batch);
      writes.push(performance.now() - t);
      writeBatchRowsWritten = metas.reduce((n, m) => n + m.rows_written, 0);
      writesD1.push(metas[0]?.d1Ms ?? NaN);
    }

    const apiMs = median(rounds.map((r) => r.apiMs));
    const bareMs = median(rounds.map((r) => r.bareMs));
    const largePush = pushes.find((p) => p.rows === INGEST_ROWS)!;
    const result: IngestResult = {
      ratioToBareD1: median(rounds.map((r) => r.bareMs / r.apiMs)),
      apiRowsPerSecond: INGEST_ROWS / (apiMs / 1000),
      bareRowsPerSecond: INGEST_ROWS / (bareMs / 1000),
      statementsPerPush: { "1000": first.statements, "20000": largePush.statements },
      rowsWrittenOnRepush: again.rowsWritten,
      repushMs: again.ms,
      coldApiMs,
      rounds,
      pushes,
      breakdown: {
        apiMs,
        bareMs,
        recordFormMs: median(recordForm),
        recordFormBodyBytes: Buffer.byteLength(largeRecords),
        transferMs: median(transfer),
        validatedMs: median(validated),
        writeBatchMs: median(writes),
        writeBatchRowsWritten,
        writeBatchD1Ms: median(writesD1),
        bareD1Ms: median(bareD1),
        bareRowsWritten,
        bareParamBytes: Buffer.byteLength(bareParam),
        apiBodyBytes: Buffer.byteLength(large),
        apiBodyGzipBytes: gzipSync(large).byteLength,
      },
    };
    log(
      `ingest: API ${result.apiRowsPerSecond.toFixed(0)} rows/s, bare D1 ${result.bareRowsPerSecond.toFixed(0)} rows/s (ratio ${result.ratioToBareD1.toFixed(3)}); ` +
        `statements per push ${first.statements} at ${SMALL_ROWS}, ${largePush.statements} at ${INGEST_ROWS}; rows written on repush ${again.rowsWritten}`,
    );
    const b = result.breakdown;
    log(
      `ingest breakdown (ms): push ${b.apiMs.toFixed(0)} = request+checks ${b.transferMs.toFixed(0)}, +parse+zod ${(b.validatedMs - b.transferMs).toFixed(0)}, ` +
        `D1 write batch ${b.writeBatchMs.toFixed(0)} (${b.writeBatchRowsWritten} rows written vs ${b.bareRowsWritten} bare), rest ${(b.apiMs - b.validatedMs - b.writeBatchMs).toFixed(0)}; bare ${b.bareMs.toFixed(0)}; ` +
        `inside workerd, D1 alone: API batch ${b.writeBatchD1Ms.toFixed(0)}, bare insert ${b.bareD1Ms.toFixed(0)}`,
    );
    return result;
  } finally {
    await api.dispose();
  }
}
