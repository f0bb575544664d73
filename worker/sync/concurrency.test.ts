import { beforeAll, describe, expect, it } from "vitest";
import type { PushResponse, SyncFollowUp, SyncIndicatorValue } from "../../shared/sync/protocol";
import { call, db, fu, iv, makeToken, seed } from "../test/helpers";

/**
 * 50 writers at once, from ten tokens of two roles (CI's own and the BRRC's), each editing an overlapping
 * subset of the same records as a client does: it sends what it based its change on, and on a conflict
 * takes the server's record from the answer and tries again on top of it. Every write carries the writer's
 * mark, so that none can pass as "unchanged": each must be applied or answered as a conflict. At the end,
 * each record holds every writer's mark exactly once, its version counts them, and its history replays to
 * it, change after change, with no gap: no update was lost.
 */
const WRITERS = 50;

type Rec = { kind: "v"; indicatorCode: string; period: string } | { kind: "f"; recommendationId: string };
const RECORDS: Rec[] = [
  { kind: "v", indicatorCode: "REV", period: "2022Q1" },
  { kind: "v", indicatorCode: "REV", period: "2022Q2" },
  { kind: "v", indicatorCode: "CLR", period: "2022Q1" },
  { kind: "f", recommendationId: "PC11-R01" },
  { kind: "f", recommendationId: "PC11-R03" },
  { kind: "f", recommendationId: "PC12-R01" },
];
/** Writer w edits record r when (w + r) % 3 ≠ 0: about two records in three, overlapping every other writer. */
const touches = (w: number, r: number) => (w + r) % 3 !== 0;

interface State {
  version: number;
  count: number;
  marks: string;
}

let tokens: { token: string; label: string }[];
beforeAll(async () => {
  await seed();
  tokens = [];
  for (let i = 0; i < 5; i++) tokens.push({ token: await makeToken("administration", "CI", `ci-${i}`), label: `ci-${i}` });
  for (let i = 0; i < 5; i++) tokens.push({ token: await makeToken("brrc", null, `brrc-${i}`), label: `brrc-${i}` });
  const created = await call<PushResponse>("POST", "/v1/sync/push", {
    token: tokens[0]!.token,
    body: {
      followUps: RECORDS.filter((r) => r.kind === "f").map((r) => fu(r.kind === "f" ? r.recommendationId : "", "CI", { progress: 0, comment: "start" })),
      indicatorValues: RECORDS.filter((r) => r.kind === "v").map((r) => iv(r.kind === "v" ? r.indicatorCode : "", "CI", r.kind === "v" ? r.period : "", { value: 0, comment: "start" })),
    },
  });
  expect(created.json.summary.created).toBe(RECORDS.length);
});

const push = (token: string, body: unknown) => call<PushResponse>("POST", "/v1/sync/push", { token, body });

/** One writer: adds 1 and its mark to each of its records, rebasing on the server's copy after a conflict. */
async function writer(w: number, log: { w: number; record: number; result: string; base: number; version: number | null }[]) {
  const { token } = tokens[w % tokens.length]!;
  const mine = RECORDS.map((_, r) => r).filter((r) => touches(w, r));
  // Every writer starts from the sheet everyone has: version 1, count 0, "start".
  const base = new Map<number, State>(mine.map((r) => [r, { version: 1, count: 0, marks: "start" }]));
  for (let attempt = 0; base.size > 0; attempt++) {
    if (attempt > 200) throw new Error(`writer ${w} never got through`);
    const pending = [...base.keys()];
    const edit = (r: number) => {
      const s = base.get(r)!;
      return { count: s.count + 1, marks: `${s.marks} w${w}`, version: s.version };
    };
    const body = {
      followUps: pending.filter((r) => RECORDS[r]!.kind === "f").map((r) => {
        const e = edit(r);
        return fu((RECORDS[r] as { recommendationId: string }).recommendationId, "CI", { progress: e.count, comment: e.marks }, e.version);
      }),
      indicatorValues: pending.filter((r) => RECORDS[r]!.kind === "v").map((r) => {
        const e = edit(r);
        const rec = RECORDS[r] as { indicatorCode: string; period: string };
        return iv(rec.indicatorCode, "CI", rec.period, { value: e.count, comment: e.marks }, e.version);
      }),
    };
    const answer = await push(token, body);
    expect(answer.status, answer.text.slice(0, 300)).toBe(200);
    const order = [...pending.filter((r) => RECORDS[r]!.kind === "f"), ...pending.filter((r) => RECORDS[r]!.kind === "v")];
    const results = [...answer.json.followUps, ...answer.json.indicatorValues];
    results.forEach((res, i) => {
      const r = order[i]!;
      log.push({ w, record: r, result: res.result, base: base.get(r)!.version, version: res.version });
      if (res.result === "updated") base.delete(r);
      else if (res.result === "conflict") {
        const server = res.server as SyncFollowUp | SyncIndicatorValue;
        expect(server.version).toBeGreaterThan(base.get(r)!.version);
        const count = "progress" in server.fields ? server.fields.progress : server.fields.value;
        base.set(r, { version: server.version, count: count ?? NaN, marks: server.fields.comment ?? "" });
      } else throw new Error(`writer ${w}, record ${r}: ${res.result}`);
    });
  }
}

describe("50 concurrent writers on overlapping records", () => {
  it("apply every write or answer a conflict; final state and history agree; no update is lost", { timeout: 120_000 }, async () => {
    const log: Parameters<typeof writer>[1] = [];
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w, log)));

    const conflicts = log.filter((l) => l.result === "conflict").length;
    expect(conflicts).toBeGreaterThan(0); // the writers did overlap

    for (const [r, rec] of RECORDS.entries()) {
      const writers = Array.from({ length: WRITERS }, (_, w) => w).filter((w) => touches(w, r));
      const applied = log.filter((l) => l.record === r && l.result === "updated");
      // each writer's edit applied exactly once
      expect(applied.map((l) => l.w).sort((a, b) => a - b)).toEqual(writers);

      // the final state: every writer's mark once, the count and the version counting them
      const where =
        rec.kind === "v"
          ? { sql: "SELECT value AS count, comment, version FROM indicator_values WHERE indicator_code = ? AND actor_id = 'CI' AND period = ?", params: [rec.indicatorCode, rec.period] }
          : { sql: "SELECT progress AS count, comment, version FROM follow_ups WHERE recommendation_id = ? AND actor_id = 'CI'", params: [rec.recommendationId] };
      const [state] = await db().all<{ count: number; comment: string; version: number }>(where);
      expect(state!.version).toBe(1 + writers.length);
      expect(state!.count).toBe(writers.length);
      const marks = state!.comment.split(" ").slice(1);
      expect([...marks].sort()).toEqual(writers.map((w) => `w${w}`).sort());

      // the history: one row per version, each change starting where the previous one ended
      const history = await db().all<{ before: string | null; after: string; token_id: string }>(
        rec.kind === "v"
          ? { sql: "SELECT before, after, token_id FROM indicator_value_changes WHERE indicator_code = ? AND actor_id = 'CI' AND period = ? ORDER BY seq", params: [rec.indicatorCode, rec.period] }
          : { sql: "SELECT before, after, token_id FROM follow_up_history WHERE recommendation_id = ? AND actor_id = 'CI' ORDER BY seq", params: [rec.recommendationId] },
      );
      expect(history).toHaveLength(1 + writers.length);
      const field = rec.kind === "v" ? "value" : "progress";
      let comment = "start";
      let count = 0;
      for (const [n, h] of history.entries()) {
        const after = JSON.parse(h.after) as Record<string, unknown>;
        if (n === 0) {
          expect(h.before).toBeNull();
          expect([Number(after[field]), after.comment]).toEqual([0, "start"]);
          continue;
        }
        const before = JSON.parse(h.before!) as Record<string, unknown>;
        expect([Number(before[field]), before.comment]).toEqual([count, comment]);
        count += 1;
        expect(Number(after[field])).toBe(count);
        expect(String(after.comment).startsWith(`${comment} w`)).toBe(true);
        comment = String(after.comment);
      }
      expect([count, comment]).toEqual([state!.count, state!.comment]);
      // the order of the marks is the order of the history
      expect(marks).toEqual(comment.split(" ").slice(1));
    }

    // who wrote what: the history's tokens match the updates each token was told were applied
    const ids = await db().all<{ id: string; label: string }>({ sql: "SELECT id, label FROM tokens", params: [] });
    const byLabel = new Map(ids.map((t) => [t.id, t.label]));
    const historyByToken = await db().all<{ token_id: string; n: number }>({
      sql: `SELECT token_id, count(*) AS n FROM (SELECT token_id FROM indicator_value_changes WHERE before IS NOT NULL
              UNION ALL SELECT token_id FROM follow_up_history WHERE before IS NOT NULL) GROUP BY token_id`,
      params: [],
    });
    const told = new Map<string, number>();
    for (const l of log.filter((x) => x.result === "updated")) {
      const label = tokens[l.w % tokens.length]!.label;
      told.set(label, (told.get(label) ?? 0) + 1);
    }
    expect(new Map(historyByToken.map((h) => [byLabel.get(h.token_id)!, h.n]))).toEqual(told);
  });
});

describe("50 concurrent writers creating the same new records", () => {
  it("each record is created once, by one writer; every other writer gets a conflict with the winner's record", { timeout: 120_000 }, async () => {
    // Pushes of records all new to the client are planned without reading them: only the guards stand
    // between the writers, so this is where a lost creation would show.
    const periods = ["2031Q1", "2031Q2", "2031Q3"];
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, (_, w) =>
        // each kind on its own (a follow-up's guard failing would also roll back the values in its batch)
        push(
          tokens[w % tokens.length]!.token,
          w % 2 === 0
            ? { indicatorValues: periods.map((p) => iv("REV", "CI", p, { value: w, comment: `w${w}` })) }
            : { followUps: [fu("PC11-R02", "CI", { progress: w, comment: `w${w}` })] },
        ),
      ),
    );
    for (const a of answers) expect(a.status, a.text.slice(0, 300)).toBe(200);
    const writers = (odd: number) => answers.flatMap((a, w) => (w % 2 === odd ? [{ w, a }] : []));
    const records = [
      { name: "PC11-R02", results: writers(1).map(({ w, a }) => ({ w, r: a.json.followUps[0]! })) },
      ...periods.map((p, i) => ({ name: p, results: writers(0).map(({ w, a }) => ({ w, r: a.json.indicatorValues[i]! })) })),
    ];
    for (const { name, results } of records) {
      const winners = results.filter(({ r }) => r.result === "created").map(({ w }) => w);
      expect(winners, name).toHaveLength(1);
      const winner = winners[0]!;
      for (const { w, r } of results) {
        if (w === winner) continue;
        expect([name, r.result, r.version]).toEqual([name, "conflict", 1]);
        expect(r.server?.fields.comment).toBe(`w${winner}`);
      }
      // the row and its one creation entry hold the winner's write
      const [row] = name.startsWith("PC11")
        ? await db().all<{ comment: string; version: number; n: number }>({
            sql: "SELECT comment, version, (SELECT count(*) FROM follow_up_history WHERE recommendation_id = 'PC11-R02' AND actor_id = 'CI') AS n FROM follow_ups WHERE recommendation_id = 'PC11-R02' AND actor_id = 'CI'",
            params: [],
          })
        : await db().all<{ comment: string; version: number; n: number }>({
            sql: "SELECT comment, version, (SELECT count(*) FROM indicator_value_changes WHERE indicator_code = 'REV' AND actor_id = 'CI' AND period = ?1) AS n FROM indicator_values WHERE indicator_code = 'REV' AND actor_id = 'CI' AND period = ?1",
            params: [name],
          });
      expect([name, row]).toEqual([name, { comment: `w${winner}`, version: 1, n: 1 }]);
    }
  });
});
