import type { Context } from "hono";
import type { AppEnv } from "../env";
import { Errors } from "../http/errors";
import type { Param } from "../db/client";
import type { Principal, Role } from "./principal";

/**
 * What each role may do (issue 4). Reads are further narrowed row by row by the SQL filters below, so that
 * lists, pulls, history and reports can never disagree about who sees what.
 */
export type Permission =
  | "me" // who am I
  | "reference:read" // actors, meetings, recommendations
  | "reference:write"
  | "indicators:read" // the catalogue and indicator values (disclosure applies)
  | "indicators:write" // the catalogue: create, edit, publish, retire
  | "records:read" // follow-ups, pull, history (role filter applies)
  | "records:write" // push (own administration only for administration tokens)
  | "reviews:write" // accept or return "implemented" declarations
  | "reports:read"
  | "tokens:manage";

const GRANTS: Record<Role | "anonymous", readonly Permission[]> = {
  // "public" indicators are for anyone, including outside the region
  anonymous: ["indicators:read"],
  administration: ["me", "reference:read", "indicators:read", "records:read", "records:write", "reports:read"],
  brrc: [
    "me",
    "reference:read",
    "reference:write",
    "indicators:read",
    "records:read",
    "records:write",
    "reviews:write",
    "reports:read",
  ],
  gtr: ["me", "reference:read", "indicators:read", "indicators:write", "records:read", "reports:read"],
  admin: ["me", "reference:read", "tokens:manage"],
};

export function can(p: Principal, permission: Permission): boolean {
  return GRANTS[p.role].includes(permission);
}

/** The caller, if allowed; otherwise 401 (nobody) or 403. */
export function authorize(c: Context<AppEnv>, permission: Permission): Principal {
  const p = c.get("principal");
  if (can(p, permission)) return p;
  throw p.role === "anonymous" ? Errors.unauthenticated() : Errors.forbidden();
}

/**
 * May the caller write this actor's follow-ups and indicator values? An administration only its own; the
 * BRRC any actor's (it consolidates the sheets administrations send it by e-mail, and keeps the regional
 * bodies' follow-ups).
 */
export function canWriteActor(p: Principal, actorId: string): boolean {
  if (p.role === "administration") return p.actorId === actorId;
  return p.role === "brrc";
}

/** Sees every administration's records. */
function seesAll(p: Principal): boolean {
  return p.role === "brrc" || p.role === "gtr";
}

export interface Filter {
  sql: string;
  params: Param[];
}

const all: Filter = { sql: "1", params: [] };
const none: Filter = { sql: "0", params: [] };

/** Follow-ups (alias `f`): the BRRC and the GTR read all, an administration its own. */
export function followUpFilter(p: Principal, f = "f", actorColumn = "actor_id"): Filter {
  if (seesAll(p)) return all;
  if (p.role === "administration") return { sql: `${f}.${actorColumn} = ?`, params: [p.actorId] };
  return none;
}

/** The catalogue (alias `i`): drafts only for the GTR and the BRRC; anonymous callers see public indicators. */
export function indicatorFilter(p: Principal, i = "i"): Filter {
  if (seesAll(p)) return all;
  if (p.role === "administration") return { sql: `${i}.status <> 'draft'`, params: [] };
  if (p.role === "anonymous") return { sql: `(${i}.status <> 'draft' AND ${i}.disclosure = 'public')`, params: [] };
  return none;
}

/**
 * One administration's value (alias `v`, its indicator `i`): restricted indicators only to the
 * administration concerned, the BRRC and the GTR; regional ones to every token; public ones to anyone.
 */
export function valueFilter(p: Principal, v = "v", i = "i"): Filter {
  if (seesAll(p)) return all;
  if (p.role === "administration") {
    return {
      sql: `(${i}.status <> 'draft' AND (${i}.disclosure <> 'restricted' OR ${v}.actor_id = ?))`,
      params: [p.actorId],
    };
  }
  if (p.role === "anonymous") return { sql: `(${i}.status <> 'draft' AND ${i}.disclosure = 'public')`, params: [] };
  return none;
}

/**
 * May the caller see regional aggregates of the indicator (alias `i`)? Not of a restricted indicator unless
 * it sees every administration's values: an aggregate over few administrations would reveal them.
 */
export function aggregateFilter(p: Principal, i = "i"): Filter {
  if (seesAll(p)) return all;
  if (p.role === "administration") return { sql: `(${i}.status <> 'draft' AND ${i}.disclosure <> 'restricted')`, params: [] };
  if (p.role === "anonymous") return { sql: `(${i}.status <> 'draft' AND ${i}.disclosure = 'public')`, params: [] };
  return none;
}

/**
 * Rows of a report keyed by one administration (alias column `col`): an administration sees its own row
 * only, and regional totals; the BRRC and the GTR see every row.
 */
export function administrationRowFilter(p: Principal, col: string): Filter {
  if (seesAll(p)) return all;
  if (p.role === "administration") return { sql: `${col} = ?`, params: [p.actorId] };
  return none;
}
