import { utf8ByteLength } from "../../shared/text/utf8";
import { throwIfAborted, type OperationOptions } from "../workbook/adapter";

/**
 * Excel refuses a request or a response above 5 MB (Excel on the web; desktop Excel has the same limit for
 * add-ins that must run everywhere). The adapter estimates what each queued operation adds to the request
 * and syncs before the budget would be exceeded, so that each action costs a constant number of syncs
 * unless its data alone is larger than a request can carry.
 */
export const PAYLOAD_LIMIT = 5 * 1024 * 1024;
/** What we allow ourselves per request or response: the rest is margin for the envelope and our estimates. */
export const PAYLOAD_BUDGET = 4 * 1024 * 1024;
/** A new object path (getRange, format, fill…) and its instantiation, in the request's JSON. */
export const PATH_BYTES = 160;
/** One action (set a property, call a method, load), without its arguments. */
export const ACTION_BYTES = 120;
/** A loaded object in the response, without its values. */
export const LOADED_BYTES = 80;

/** UTF-8 bytes of a value's JSON, computed without building the JSON (values may hold millions of cells). */
export function jsonBytes(value: unknown): number {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? String(value).length : 4;
    case "boolean":
      return value ? 4 : 5;
    case "string":
      return stringBytes(value);
    case "object": {
      if (Array.isArray(value)) {
        let n = 2 + Math.max(0, value.length - 1);
        for (const v of value) n += jsonBytes(v);
        return n;
      }
      let n = 2;
      for (const [k, v] of Object.entries(value)) n += stringBytes(k) + 2 + jsonBytes(v);
      return n;
    }
    default:
      return 4;
  }
}

/**
 * What JSON writes escaped: `"` and `\` (2 bytes), control characters (2 for \n \r \t, else 6 as \u00XX);
 * written as all but the characters JSON writes as they are.
 */
const JSON_ESCAPED = /[^\x20\x21\x23-\x5b\x5d-\uffff]/;

/** A string's JSON: its quotes, its UTF-8 bytes, and what escaping adds (looked for only where there is some). */
function stringBytes(s: string): number {
  let n = 2 + utf8ByteLength(s);
  if (!JSON_ESCAPED.test(s)) return n;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x0a || c === 0x0d || c === 0x09) n += 1;
    else if (c < 0x20) n += 5;
  }
  return n;
}

export interface SyncContext {
  sync(): Promise<unknown>;
}

/**
 * Tracks the estimated size of the request (and of the expected response) being queued on a context and
 * syncs before either would exceed the budget. `flush` is the action's own sync.
 */
export class Batch {
  private request = 0;
  private response = 0;
  /** Syncs made, including those forced by the budget. */
  syncs = 0;
  /** Syncs forced by the budget (not part of the action's fixed count). */
  forced = 0;

  constructor(
    private readonly context: SyncContext,
    private readonly options: OperationOptions = {},
    readonly budget = PAYLOAD_BUDGET,
  ) {}

  /** Account for operations about to be queued; syncs first if they would not fit in the current request. */
  async reserve(requestBytes: number, responseBytes = 0): Promise<void> {
    if (requestBytes > this.budget || responseBytes > this.budget) {
      throw new Error(`one operation of ${Math.max(requestBytes, responseBytes)} bytes exceeds the request budget`);
    }
    const busy = this.request > 0 || this.response > 0;
    if (busy && (this.request + requestBytes > this.budget || this.response + responseBytes > this.budget)) {
      await this.sync();
      this.forced++;
    }
    this.request += requestBytes;
    this.response += responseBytes;
  }

  /** The action's own sync: sends what is queued. */
  async flush(): Promise<void> {
    await this.sync();
  }

  /** A sync that the size of the data forces (a second request for the same step). */
  async flushForced(): Promise<void> {
    await this.sync();
    this.forced++;
  }

  private async sync(): Promise<void> {
    throwIfAborted(this.options.signal);
    await this.context.sync();
    this.syncs++;
    this.request = 0;
    this.response = 0;
  }
}

/** Split `count` rows into blocks whose estimated bytes stay under `budget` (at least one row per block). */
export function rowBlocks(count: number, bytesOfRow: (i: number) => number, budget: number): { start: number; count: number; bytes: number }[] {
  const blocks: { start: number; count: number; bytes: number }[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const b = bytesOfRow(i);
    if (i > start && bytes + b > budget) {
      blocks.push({ start, count: i - start, bytes });
      start = i;
      bytes = 0;
    }
    bytes += b;
  }
  if (count > start) blocks.push({ start, count: count - start, bytes });
  return blocks;
}
