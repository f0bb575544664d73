import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReferenceData } from "../shared/reference";
import { seedSql } from "../worker/db/seed";
import { createApiClient } from "../worker/client";
import { fixture, repoRoot } from "./support/paths";
import { startWorker, type WorkerServer } from "./support/wrangler";

const run = promisify(execFile);
const TSX = join(repoRoot, "node_modules", ".bin", "tsx");
const WRANGLER = join(repoRoot, "node_modules", "wrangler", "bin", "wrangler.js");
const env = { ...process.env, CI: "1", LANG: "C", WRANGLER_SEND_METRICS: "false" };

/** Run the CLI as a user would, and keep its exit code. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ["cli/main.ts", ...args], { cwd: repoRoot, env, maxBuffer: 20 * 2 ** 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

interface PushJson {
  errors: number;
  response: { summary: Record<string, number> } | null;
}

/**
 * The whole CLI path against the real thing: `wrangler dev` with a local D1, migrated and seeded as `npm start`
 * does, tokens made by `token create`, the four sample workbooks pushed by `push`, then the reports.
 */
describe("cli push of the four sample workbooks into wrangler dev", () => {
  let worker: WorkerServer;
  const tokens: Record<string, string> = {};

  async function token(role: string, admin?: string): Promise<string> {
    const args = ["token", "create", "--role", role, "--persist-to", worker.persistTo];
    if (admin) args.push("--admin", admin);
    const created = await cli(...args);
    expect(created.code, created.stderr).toBe(0);
    // Only the token on stdout, so that a script can capture it.
    expect(created.stdout).toMatch(/^omd_\S+\n$/);
    return created.stdout.trim();
  }

  async function push(file: string, who: string): Promise<{ code: number; json: PushJson }> {
    const result = await cli("push", fixture(file), "--server", worker.url, "--token", tokens[who]!, "--json");
    expect(result.stderr).toBe("");
    return { code: result.code, json: JSON.parse(result.stdout) as PushJson };
  }

  beforeAll(async () => {
    worker = await startWorker();
    const seed = join(mkdtempSync(join(tmpdir(), "omd-aoc-seed-")), "seed.sql");
    writeFileSync(seed, seedSql(loadReferenceData()));
    const seeded = spawnSync(process.execPath, [WRANGLER, "d1", "execute", "DB", "--local", "--persist-to", worker.persistTo, "--file", seed], {
      cwd: repoRoot,
      env,
      encoding: "utf8",
    });
    expect(seeded.status, seeded.stderr).toBe(0);
    tokens.CI = await token("administration", "CI");
    tokens.GM = await token("administration", "GM");
    tokens.brrc = await token("brrc");
  }, 240_000);

  afterAll(async () => {
    await worker?.stop();
  });

  it("pushes the valid records of each workbook, never the invalid ones, and the reports count them", async () => {
    const civ = await push("suivi-recommandations-civ-2021.xlsx", "CI");
    expect(civ.code).toBe(0);
    expect(civ.json.response?.summary).toMatchObject({ created: 24, conflict: 0, rejected: 0 });

    const gambia = await push("kpi-gambia-2021.xlsx", "GM");
    expect(gambia.code).toBe(0);
    expect(gambia.json.response?.summary).toMatchObject({ created: 24, conflict: 0, rejected: 0 });

    // The BRRC consolidation: its 7 ERREUR rows are reported and held back; the 11 valid rows are sent.
    const brrc = await push("consolidation-indicateurs-brrc-2021.xlsx", "brrc");
    expect(brrc.code).toBe(1);
    expect(brrc.json.errors).toBe(7);
    expect(brrc.json.response?.summary).toMatchObject({ created: 11, conflict: 0, rejected: 0 });

    // The regional sheet holds 3 rows for Côte d'Ivoire (13, 16, 17) that CI's own sheet already sent with
    // other values: they come back as conflicts, never silently overwritten.
    const regional = await push("suivi-regional-recommandations-13-17.xlsx", "brrc");
    expect(regional.code).toBe(1);
    expect(regional.json.response?.summary).toMatchObject({ created: 21, conflict: 3, rejected: 0 });

    const api = createApiClient(worker.url, { token: tokens.brrc });
    const byAdmin = await api.v1.reports.recommendations.$get({ query: { meetingId: "PC11", groupBy: "administration" } });
    expect(byAdmin.status).toBe(200);
    const report = (await byAdmin.json()) as { rows: { key: string; total: number; implemented: number; notApplicable: number }[] };
    const row = (key: string) => report.rows.find((r) => r.key === key);
    // Côte d'Ivoire: its own 24 follow-ups (R01, R04, R06, R12, R13, R18, R19, R20, R22 implemented; R10 not applicable).
    expect(row("CI")).toMatchObject({ total: 24, implemented: 9, notApplicable: 1 });
    // Benin, from the regional sheet: 13 implemented, 16 in progress, 17 not started.
    expect(row("BJ")).toMatchObject({ total: 3, implemented: 1, notApplicable: 0 });
    expect(row("TG")).toMatchObject({ total: 3, implemented: 1, notApplicable: 1 });

    const indicators = await api.v1.reports.indicators.$get({ query: { period: "2021Q3" } });
    expect(indicators.status).toBe(200);
    const ind = (await indicators.json()) as {
      indicators: { code: string; period: string; administrations: { actorId: string; value: number | null }[] }[];
    };
    const clearance = ind.indicators.find((i) => i.code === "FAC-CLR" && i.period === "2021Q3");
    // Gambia's 39.25 hours and Togo's "47,5" (French notation) for the third quarter.
    expect(clearance?.administrations.map((a) => [a.actorId, a.value]).sort()).toEqual([
      ["GM", 39.25],
      ["TG", 47.5],
    ]);
    const seizures = ind.indicators.find((i) => i.code === "ENF-SEIZ" && i.period === "2021Q3");
    // Gambia's "n/a": a value declared missing, not a zero.
    expect(seizures?.administrations).toEqual([expect.objectContaining({ actorId: "GM", value: null })]);
  });
});
