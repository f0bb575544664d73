import type { Lang } from "../../shared/model/common";
import type { Message, RecordSource } from "../../shared/pipeline/types";
import { fieldDifferences } from "../../shared/sync/compare";
import type { FieldDifference, PushRequest, PushResponse, ResultKind } from "../../shared/sync/protocol";
import { followUpKeyString, indicatorValueKeyString, RESULT_KINDS } from "../../shared/sync/protocol";
import { toPushBody } from "../../shared/sync/push-body";
import { callApi, type ApiClient, type CallOptions } from "./api";
import { displayValue, fieldLabel, fieldOf } from "./display";
import { splitPush, type RecordKind } from "./records";

/**
 * The preview: what a push of the sheet's valid records would do, asked of the API (dry run: nothing is
 * written), turned into what the pane shows: counts, and per record its result and field-level differences.
 */

/** POST /v1/sync/dry-run, split like a push so that a large sheet gets there; answers merged in request order. */
export async function dryRun(client: ApiClient, request: PushRequest, options: CallOptions & { maxRequestBytes?: number } = {}): Promise<PushResponse> {
  const merged: PushResponse = {
    dryRun: true,
    summary: { created: 0, updated: 0, unchanged: 0, conflict: 0, rejected: 0 },
    followUps: [],
    indicatorValues: [],
  };
  let fu = 0;
  let iv = 0;
  for (const part of splitPush(request, options.maxRequestBytes)) {
    const answer = await callApi((init) => client.v1.sync["dry-run"].$post({ json: toPushBody(part) }, { init }), options);
    for (const k of RESULT_KINDS) merged.summary[k] += answer.summary[k];
    merged.followUps.push(...answer.followUps.map((r) => ({ ...r, index: r.index + fu })));
    merged.indicatorValues.push(...answer.indicatorValues.map((r) => ({ ...r, index: r.index + iv })));
    fu += part.followUps?.length ?? 0;
    iv += part.indicatorValues?.length ?? 0;
  }
  return merged;
}

export interface PreviewDifference {
  field: string;
  label: Message;
  /** Values as the protocol holds them, and as the pane shows them. */
  region: unknown;
  sheet: unknown;
  regionText: string;
  sheetText: string;
}

export interface PreviewItem {
  kind: RecordKind;
  /** Index in the request's array of its kind. */
  index: number;
  /** "PC11-R01/CI", "FAC-CLR/TG/2021Q1". */
  key: string;
  /** 1-based sheet row (and column, wide layouts) the record came from, when known. */
  at: RecordSource | null;
  result: ResultKind;
  /** After the push (created, updated, unchanged), or the region's current one (conflict). */
  version: number | null;
  /** Refused: why, and the field concerned. */
  reason?: Message;
  reasonField?: string;
  differences: PreviewDifference[];
}

export interface PreviewModel {
  counts: Record<ResultKind, number>;
  total: number;
  items: PreviewItem[];
  /** The items of each result, in sheet order. */
  byResult: Record<ResultKind, PreviewItem[]>;
}

/**
 * The view model of a dry run (or of a push's answer). Differences come from the answer when it gives them,
 * else are computed from the region's copy (conflicts carry it); values are shown in the pane's language.
 */
export function previewModel(
  outgoing: { request: PushRequest; sources?: { followUps: RecordSource[]; indicatorValues: RecordSource[] } },
  response: PushResponse,
  lang: Lang,
): PreviewModel {
  const items: PreviewItem[] = [];
  const add = (
    kind: RecordKind,
    results: PushResponse["followUps"] | PushResponse["indicatorValues"],
    records: { key: object; fields: object }[],
    sources: RecordSource[] | undefined,
    keyString: (key: never) => string,
  ) => {
    for (const r of results) {
      const record = records[r.index];
      if (!record) continue;
      const diffs: FieldDifference[] =
        r.differences ?? (r.server ? fieldDifferences(r.server.fields as object, record.fields) : r.result === "created" ? fieldDifferences(null, record.fields) : []);
      items.push({
        kind,
        index: r.index,
        key: keyString(record.key as never),
        at: sources?.[r.index] ?? null,
        result: r.result,
        version: r.version,
        ...(r.reason ? { reason: r.reason.message } : {}),
        ...(r.field ? { reasonField: r.field } : {}),
        differences: diffs.map((d) => ({
          field: fieldOf(d.field),
          label: fieldLabel(d.field),
          region: d.server,
          sheet: d.incoming,
          regionText: displayValue(d.field, d.server, lang),
          sheetText: displayValue(d.field, d.incoming, lang),
        })),
      });
    }
  };
  add("followUp", response.followUps, outgoing.request.followUps ?? [], outgoing.sources?.followUps, followUpKeyString);
  add("indicatorValue", response.indicatorValues, outgoing.request.indicatorValues ?? [], outgoing.sources?.indicatorValues, indicatorValueKeyString);
  items.sort((a, b) => (a.at?.row ?? Infinity) - (b.at?.row ?? Infinity) || (a.at?.column ?? 0) - (b.at?.column ?? 0));
  const byResult = Object.fromEntries(RESULT_KINDS.map((k) => [k, items.filter((i) => i.result === k)])) as Record<ResultKind, PreviewItem[]>;
  const counts = Object.fromEntries(RESULT_KINDS.map((k) => [k, byResult[k].length])) as Record<ResultKind, number>;
  return { counts, total: items.length, items, byResult };
}
