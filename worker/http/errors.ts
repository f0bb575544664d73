import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The one error envelope of the API. */
export const ErrorBody = z
  .object({
    error: z.object({
      /** Stable, machine-readable: "invalid-json", "forbidden", "conflict"… */
      code: z.string(),
      message: z.object({ fr: z.string(), en: z.string() }),
      /** The offending field ("fields.progress", "since"), when there is one. */
      field: z.string().optional(),
      /** The offending record: its index in the request's array, or "followUps[3]". */
      record: z.union([z.number(), z.string()]).optional(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");
export type ErrorBody = z.infer<typeof ErrorBody>;

export interface Text {
  fr: string;
  en: string;
}

export interface ErrorExtra {
  field?: string;
  record?: number | string;
  details?: unknown;
  headers?: Record<string, string>;
}

/** An answer other than success. Thrown anywhere; onError turns it into the envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly text: Text,
    readonly extra: ErrorExtra = {},
  ) {
    super(code);
  }

  body(): ErrorBody {
    const { field, record, details } = this.extra;
    return {
      error: {
        code: this.code,
        message: this.text,
        ...(field !== undefined ? { field } : {}),
        ...(record !== undefined ? { record } : {}),
        ...(details !== undefined ? { details } : {}),
      },
    };
  }
}

export function errorResponse(c: Context, err: ApiError): Response {
  const res = c.json(err.body(), err.status);
  for (const [name, value] of Object.entries(err.extra.headers ?? {})) res.headers.set(name, value);
  return res;
}

const e = (status: ContentfulStatusCode, code: string, fr: string, en: string) => (extra?: ErrorExtra) =>
  new ApiError(status, code, { fr, en }, extra);

/** Every error the API answers, in one place. */
export const Errors = {
  invalidJson: e(400, "invalid-json", "Le corps de la requête n'est pas du JSON valide.", "The request body is not valid JSON."),
  invalidUtf8: e(400, "invalid-utf8", "Le corps de la requête n'est pas de l'UTF-8 valide.", "The request body is not valid UTF-8."),
  invalid: e(400, "invalid-request", "La requête contient une valeur invalide.", "The request contains an invalid value."),
  duplicateRecord: e(
    400,
    "duplicate-record",
    "Le même enregistrement apparaît deux fois dans la requête.",
    "The same record appears twice in the request.",
  ),
  unauthenticated: e(
    401,
    "unauthenticated",
    "Jeton d'accès requis (en-tête Authorization: Bearer …).",
    "An access token is required (Authorization: Bearer … header).",
  ),
  invalidToken: e(401, "invalid-token", "Jeton d'accès invalide ou révoqué.", "Invalid or revoked access token."),
  forbidden: e(403, "forbidden", "Votre rôle ne permet pas cette opération.", "Your role does not allow this operation."),
  otherActor: e(
    403,
    "forbidden-actor",
    "Vous ne pouvez écrire que les enregistrements de votre administration.",
    "You may only write your own administration's records.",
  ),
  notFound: e(404, "not-found", "Ressource introuvable.", "Resource not found."),
  methodNotAllowed: e(405, "method-not-allowed", "Méthode non permise sur cette ressource.", "Method not allowed on this resource."),
  conflict: e(
    409,
    "conflict",
    "L'enregistrement a été modifié entre-temps : rechargez-le et réessayez.",
    "The record changed in the meantime: reload it and try again.",
  ),
  exists: e(409, "already-exists", "Cet enregistrement existe déjà.", "This record already exists."),
  invalidTransition: e(
    409,
    "invalid-transition",
    "Ce changement d'état n'est pas permis.",
    "This state change is not allowed.",
  ),
  payloadTooLarge: e(413, "payload-too-large", "Le corps de la requête est trop volumineux.", "The request body is too large."),
  unsupportedMediaType: e(
    415,
    "unsupported-media-type",
    "Type de contenu non pris en charge : envoyez application/json en UTF-8.",
    "Unsupported content type: send application/json in UTF-8.",
  ),
  unsupportedEncoding: e(
    415,
    "unsupported-content-encoding",
    "Encodage du corps non pris en charge : envoyez-le tel quel ou en gzip.",
    "Unsupported content encoding: send the body as is or gzip-compressed.",
  ),
  invalidGzip: e(400, "invalid-gzip", "Le corps de la requête n'est pas du gzip valide.", "The request body is not valid gzip."),
  idempotencyKeyReused: e(
    422,
    "idempotency-key-reused",
    "Cette clé d'idempotence a déjà servi pour une requête différente.",
    "This idempotency key was already used for a different request.",
  ),
  unprocessable: e(422, "unprocessable", "La requête ne peut pas être appliquée.", "The request cannot be applied."),
  busy: e(
    503,
    "busy",
    "Le serveur est occupé par des écritures concurrentes : réessayez.",
    "The server is busy with concurrent writes: try again.",
  ),
  internal: e(500, "internal", "Erreur interne du serveur.", "Internal server error."),
};

/** Error responses for route definitions (OpenAPI), by status. */
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid request",
  401: "Missing or invalid token",
  403: "Not allowed for this role or administration",
  404: "Not found",
  409: "Conflict",
  413: "Body too large",
  415: "Unsupported content type",
  422: "Unprocessable",
};

export function errorResponses<const S extends readonly number[]>(...statuses: S) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_DESCRIPTIONS[s] ?? "Error", content: { "application/json": { schema: ErrorBody } } }]),
  ) as { [K in S[number]]: { description: string; content: { "application/json": { schema: typeof ErrorBody } } } };
}
