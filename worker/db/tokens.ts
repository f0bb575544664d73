import type { Role } from "../auth/principal";
import type { Db } from "./client";
import { sql } from "./client";

export interface TokenRow {
  id: string;
  token_hash: string;
  role: Role;
  actor_id: string | null;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

export type TokenInfo = Omit<TokenRow, "token_hash">;

export function findToken(db: Db, id: string): Promise<TokenRow | null> {
  return db.first<TokenRow>(sql("SELECT * FROM tokens WHERE id = ?", id));
}

export function listTokens(db: Db): Promise<TokenInfo[]> {
  return db.all<TokenInfo>(
    sql("SELECT id, role, actor_id, label, created_at, revoked_at FROM tokens ORDER BY created_at, id"),
  );
}

/** The INSERT the API and the CLI both use (the CLI prints it for wrangler with the values inlined). */
export const INSERT_TOKEN_SQL =
  "INSERT INTO tokens (id, token_hash, role, actor_id, label, created_at) VALUES (?, ?, ?, ?, ?, ?)";

export async function insertToken(
  db: Db,
  t: { id: string; hash: string; role: Role; actorId: string | null; label: string; now: string },
): Promise<void> {
  await db.batch([sql(INSERT_TOKEN_SQL, t.id, t.hash, t.role, t.actorId, t.label, t.now)]);
}

/** Revokes at once; true when the token existed and was active. */
export async function revokeToken(db: Db, id: string, now: string): Promise<boolean> {
  const [r] = await db.batch([sql("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now, id)]);
  return (r?.meta.changes ?? 0) > 0;
}
