import type { Hook } from "@hono/zod-openapi";
import type { ZodError, ZodType } from "zod";
import { INDICATOR_VALUE_COLUMNS } from "../../shared/sync/push-body";
import { ApiError } from "./errors";

const RECORD_ARRAYS = new Set(["followUps", "indicatorValues"]);

/**
 * A zod failure as the error envelope: the first issue names the field (dotted path), and for the sync
 * arrays the record ("followUps[3]"); every issue (up to 20) goes into details. An entry of a column of
 * indicator values is named as its record would be: indicatorValueColumns.period[7] is "indicatorValues[7]",
 * field "key.period".
 */
export function validationError(error: ZodError, target: string): ApiError {
  const issues = error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join("."), code: i.code, message: i.message }));
  const first = error.issues[0];
  let path = (first?.path ?? []).map(String);
  let record: string | undefined;
  const column = path[1] ?? "";
  const columnField = Object.hasOwn(INDICATOR_VALUE_COLUMNS, column) ? INDICATOR_VALUE_COLUMNS[column as keyof typeof INDICATOR_VALUE_COLUMNS] : undefined;
  if (target === "json" && path[0] === "indicatorValueColumns" && columnField && /^\d+$/.test(path[2] ?? "")) {
    record = `indicatorValues[${path[2]}]`;
    path = [columnField, ...path.slice(3)];
  } else if (target === "json" && path.length >= 2 && RECORD_ARRAYS.has(path[0] ?? "") && /^\d+$/.test(path[1] ?? "")) {
    record = `${path[0]}[${path[1]}]`;
    path.splice(0, 2);
  }
  const field = path.length ? path.join(".") : target === "json" ? undefined : target;
  const where = field ?? record ?? target;
  return new ApiError(
    400,
    "invalid-request",
    {
      fr: `Valeur invalide${where ? ` : ${where}` : ""}${first ? ` (${first.message})` : ""}.`,
      en: `Invalid value${where ? `: ${where}` : ""}${first ? ` (${first.message})` : ""}.`,
    },
    { field, record, details: { target, issues } },
  );
}

/** The one validation hook: every route's query, params and body go through it (OpenAPIHono defaultHook). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (!result.success) throw validationError(result.error as ZodError, (result as { target?: string }).target ?? "request");
};


/**
 * A request schema that Hono's validator parses synchronously. The validator always calls safeParseAsync,
 * which in zod 4 leaves the compiled fast path: on a 20,000-record push, half as fast again. Our schemas have
 * no asynchronous refinement, so the synchronous parse gives the same answer; for bulk bodies only.
 */
export function parsedSynchronously<T extends ZodType>(schema: T): T {
  const copy = schema.clone() as T;
  copy.safeParseAsync = async (data, params) => copy.safeParse(data, params);
  return copy;
}
