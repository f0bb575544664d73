import { randomUUID } from "node:crypto";
import { basename } from "node:path";
import type { Lang } from "../../shared/model/common";
import { FollowUpFields } from "../../shared/model/follow-up";
import { IndicatorValueFields } from "../../shared/model/indicator-value";
import type { ReferenceData } from "../../shared/model/reference";
import { a1 } from "../../shared/pipeline/a1";
import { parseWorkbook } from "../../shared/pipeline/parse-workbook";
import type { WorkbookResult } from "../../shared/pipeline/parse-workbook";
import type { RecordSource } from "../../shared/pipeline/types";
import type { PushFollowUp, PushIndicatorValue, PushRequest, PushResponse } from "../../shared/sync/protocol";
import { IDEMPOTENCY_HEADER, PushRequest as PushRequestSchema, followUpKeyString, indicatorValueKeyString } from "../../shared/sync/protocol";
import { toPushBody } from "../../shared/sync/push-body";
import { createApiClient } from "../../worker/client";
import { parseArgs, UsageError } from "../args";
import { readWorkbookGrids, WorkbookReadError } from "../xlsx-grid";
import { defaultLang, summary } from "./check";

const USAGE = `usage: npm run cli -- push FILE.xlsx --server URL --token TOKEN [--dry-run] [--overwrite]
    [--admin CODE] [--meeting ID] [--json] [--lang fr|en]
  The token may also come from OMD_API_TOKEN and the server from OMD_API_URL.
  Only the records without errors are sent. Without --overwrite, a record the server holds with other values
  comes back as a conflict; --overwrite replaces those with the sheet's values.`;

type Client = ReturnType<typeof createApiClient>;

/** Where a record came from, for messages: "Sheet!E12". */
interface Origin {
  sheet: string;
  source: RecordSource;
}

/** "Sheet!E12" for a cell, "Sheet!12:12" (Excel's notation for a whole row) for a row. */
export function where(o: Origin): string {
  const sheet = /^[A-Za-z0-9_]+$/.test(o.sheet) ? o.sheet : `'${o.sheet.replace(/'/g, "''")}'`;
  return `${sheet}!${o.source.column ? a1(o.source.row, o.source.column) : `${o.source.row}:${o.source.row}`}`;
}

const pick = <T extends object>(record: T, keys: readonly string[]) =>
  Object.fromEntries(keys.map((k) => [k, (record as Record<string, unknown>)[k] ?? null]));

const FOLLOW_UP_FIELDS = Object.keys(FollowUpFields.shape);
const VALUE_FIELDS = Object.keys(IndicatorValueFields.shape);

export interface Batch {
  request: PushRequest;
  followUpOrigins: Origin[];
  valueOrigins: Origin[];
  /** Records left out: a second record with the same key (the first one is sent). */
  duplicates: { origin: Origin; key: string; first: Origin }[];
}

/** The valid records of a checked workbook as one push: natural key, fields, and "does not exist yet". */
export function buildBatch(result: WorkbookResult): Batch {
  const batch: Batch = { request: { followUps: [], indicatorValues: [] }, followUpOrigins: [], valueOrigins: [], duplicates: [] };
  const seen = new Map<string, Origin>();
  for (const sheet of result.sheets) {
    for (const r of sheet.followUps) {
      const origin = { sheet: sheet.name, source: r.at };
      const record: PushFollowUp = {
        key: { recommendationId: r.recommendationId, actorId: r.actorId },
        fields: pick(r, FOLLOW_UP_FIELDS) as PushFollowUp["fields"],
        baseVersion: null,
      };
      const k = `f:${followUpKeyString(record.key)}`;
      const first = seen.get(k);
      if (first) batch.duplicates.push({ origin, key: k.slice(2), first });
      else {
        seen.set(k, origin);
        batch.request.followUps!.push(record);
        batch.followUpOrigins.push(origin);
      }
    }
    for (const r of sheet.indicatorValues) {
      const origin = { sheet: sheet.name, source: r.at };
      const record: PushIndicatorValue = {
        key: { indicatorCode: r.indicatorCode, actorId: r.actorId, period: r.period },
        fields: pick(r, VALUE_FIELDS) as PushIndicatorValue["fields"],
        baseVersion: null,
      };
      const k = `v:${indicatorValueKeyString(record.key)}`;
      const first = seen.get(k);
      if (first) batch.duplicates.push({ origin, key: k.slice(2), first });
      else {
        seen.set(k, origin);
        batch.request.indicatorValues!.push(record);
        batch.valueOrigins.push(origin);
      }
    }
  }
  return batch;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function answer<T>(res: Response, lang: Lang): Promise<T> {
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: Record<Lang, string>; record?: unknown; field?: string } } | null;
  if (res.ok) return body as T;
  const e = body?.error;
  const at = [e?.record, e?.field].filter((x) => x !== undefined).join(" ");
  throw new ApiError(res.status, `${res.status} ${e?.code ?? "error"}: ${e?.message?.[lang] ?? res.statusText}${at ? ` (${at})` : ""}`);
}

/** A push with an Idempotency-Key, sent again (same key) when the answer is lost or the server is busy. */
async function pushWithRetries(client: Client, body: PushRequest, dryRun: boolean, lang: Lang): Promise<PushResponse> {
  const key = randomUUID();
  for (let attempt = 1; ; attempt++) {
    try {
      const res = dryRun
        ? await client.v1.sync["dry-run"].$post({ json: toPushBody(body) })
        : await client.v1.sync.push.$post({ json: toPushBody(body), query: {}, header: { [IDEMPOTENCY_HEADER.toLowerCase() as "idempotency-key"]: key } });
      if (res.status >= 500 && attempt < 4) throw new ApiError(res.status, "retry");
      return await answer<PushResponse>(res as unknown as Response, lang);
    } catch (e) {
      const retryable = !(e instanceof ApiError) || e.status >= 500;
      if (!retryable || attempt >= 4) throw e;
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
  }
}

const TEXT = {
  fr: {
    notSent: (n: number) => `${n} enregistrement(s) non envoyé(s) : corrigez d'abord les erreurs ci-dessus.`,
    duplicate: (at: string, key: string, first: string) => `  ${at}  même enregistrement (${key}) qu'en ${first} : non envoyé`,
    nothing: "Aucun enregistrement valide à envoyer.",
    result: (s: PushResponse["summary"], dry: boolean) =>
      `${dry ? "Simulation : " : ""}${s.created} créé(s), ${s.updated} mis à jour, ${s.unchanged} inchangé(s), ${s.conflict} conflit(s), ${s.rejected} refusé(s).`,
    conflict: (at: string, key: string, fields: string) => `  ${at}  CONFLIT ${key} : le serveur a d'autres valeurs (${fields})`,
    rejected: (at: string, msg: string) => `  ${at}  REFUSÉ : ${msg}`,
  },
  en: {
    notSent: (n: number) => `${n} record(s) not sent: fix the errors above first.`,
    duplicate: (at: string, key: string, first: string) => `  ${at}  same record (${key}) as ${first}: not sent`,
    nothing: "No valid record to send.",
    result: (s: PushResponse["summary"], dry: boolean) =>
      `${dry ? "Dry run: " : ""}${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.conflict} conflict(s), ${s.rejected} rejected.`,
    conflict: (at: string, key: string, fields: string) => `  ${at}  CONFLICT ${key}: the server holds other values (${fields})`,
    rejected: (at: string, msg: string) => `  ${at}  REJECTED: ${msg}`,
  },
};

/**
 * `push FILE.xlsx --server URL --token T`: checks the workbook with the shared pipeline against the server's
 * reference data, reports every issue with its cell, and pushes only the valid records, in one batch.
 * Exit 0 when everything was sent and accepted, 1 when something was not (errors, conflicts, refusals),
 * 2 when the file, the server or the token cannot be used.
 */
export async function runPush(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, { flags: ["dry-run", "overwrite", "json"], options: ["server", "token", "admin", "meeting", "lang"] });
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  const file = args.positional[0];
  const server = args.options.server ?? process.env.OMD_API_URL;
  const token = args.options.token ?? process.env.OMD_API_TOKEN;
  if (!file || args.positional.length > 1 || !server || !token) {
    console.error(USAGE);
    return 2;
  }
  const lang: Lang = args.options.lang === "fr" || args.options.lang === "en" ? args.options.lang : defaultLang();
  const t = TEXT[lang];
  const dryRun = Boolean(args.flags["dry-run"]);
  const client = createApiClient(server, { token });

  let sheets;
  let me: { role: string; actorId: string | null };
  let reference: ReferenceData;
  try {
    sheets = await readWorkbookGrids(file);
    me = await answer(await client.v1.me.$get(), lang);
    reference = await answer<ReferenceData>(await client.v1.reference.$get(), lang);
  } catch (e) {
    console.error(e instanceof WorkbookReadError || e instanceof ApiError ? e.message : `${server}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }

  const result = parseWorkbook(sheets, reference, {
    actorId: args.options.admin?.toUpperCase() ?? me.actorId ?? undefined,
    meetingId: args.options.meeting?.toUpperCase(),
    hints: [basename(file)],
  });
  const batch = buildBatch(result);
  const errors = result.sheets.reduce((n, s) => n + s.issues.filter((i) => i.severity === "error").length, 0);
  const lines: string[] = [];
  if (!args.flags.json) lines.push(summary(file, result, lang));
  for (const d of batch.duplicates) lines.push(t.duplicate(where(d.origin), d.key, where(d.first)));

  // Never send what does not pass the protocol's schemas: the pipeline should not produce it, but the server
  // would refuse the whole batch for one such record.
  const checked = PushRequestSchema.safeParse(batch.request);
  if (!checked.success) {
    console.error(`internal: the pipeline produced records the API refuses: ${checked.error.issues[0]?.message ?? ""}`);
    return 2;
  }
  const total = (batch.request.followUps?.length ?? 0) + (batch.request.indicatorValues?.length ?? 0);
  if (total === 0) {
    if (args.flags.json) console.log(JSON.stringify({ file, errors, response: null }, null, 2));
    else console.log([...lines, "", t.nothing].join("\n"));
    return 1;
  }

  let response: PushResponse;
  try {
    if (args.flags.overwrite) {
      // the server's versions of what differs become the base: the sheet's values win
      const preview = await pushWithRetries(client, batch.request, true, lang);
      preview.followUps.forEach((r) => {
        if (r.result === "conflict") batch.request.followUps![r.index]!.baseVersion = r.version;
      });
      preview.indicatorValues.forEach((r) => {
        if (r.result === "conflict") batch.request.indicatorValues![r.index]!.baseVersion = r.version;
      });
    }
    response = await pushWithRetries(client, batch.request, dryRun, lang);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 2;
  }

  const describe = (kind: "f" | "v", r: PushResponse["followUps"][number] | PushResponse["indicatorValues"][number]) => {
    const origin = (kind === "f" ? batch.followUpOrigins : batch.valueOrigins)[r.index];
    const at = origin ? where(origin) : `#${r.index}`;
    if (r.result === "rejected") return t.rejected(at, r.reason?.message[lang] ?? r.reason?.code ?? "");
    const record = kind === "f" ? batch.request.followUps![r.index]! : batch.request.indicatorValues![r.index]!;
    const key = kind === "f" ? followUpKeyString((record as PushFollowUp).key) : indicatorValueKeyString((record as PushIndicatorValue).key);
    return t.conflict(at, key, (r.differences ?? []).map((d) => d.field).join(", "));
  };
  if (args.flags.json) {
    console.log(JSON.stringify({ file, errors, duplicates: batch.duplicates, response }, null, 2));
  } else {
    if (errors > 0) lines.push("", t.notSent(errors));
    lines.push("", t.result(response.summary, response.dryRun));
    for (const r of response.followUps) if (r.result === "conflict" || r.result === "rejected") lines.push(describe("f", r));
    for (const r of response.indicatorValues) if (r.result === "conflict" || r.result === "rejected") lines.push(describe("v", r));
    console.log(lines.join("\n"));
  }
  const clean = errors === 0 && batch.duplicates.length === 0 && response.summary.conflict === 0 && response.summary.rejected === 0;
  return clean ? 0 : 1;
}
