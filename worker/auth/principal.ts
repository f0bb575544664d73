export const ROLES = ["administration", "brrc", "gtr", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a token's holder, or nobody (no Authorization header). */
export interface Principal {
  role: Role | "anonymous";
  /** The token's public id; null for anonymous callers. */
  tokenId: string | null;
  /** administration tokens: the administration they act for. */
  actorId: string | null;
  /** The token's label, recorded as "who" in history. */
  label: string;
}

export const ANONYMOUS: Principal = { role: "anonymous", tokenId: null, actorId: null, label: "anonymous" };
