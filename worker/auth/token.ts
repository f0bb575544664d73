/**
 * API tokens: "omd_<id>_<secret>". The id is public (lists, revocation, history); the secret is 32 random
 * bytes. Only the SHA-256 of the whole token is stored. Used by the Worker and by the CLI (Web Crypto only).
 */
export const TOKEN_PATTERN = /^omd_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export interface NewToken {
  token: string;
  id: string;
  hash: string;
}

export async function generateToken(): Promise<NewToken> {
  const idBytes = crypto.getRandomValues(new Uint8Array(12));
  const id = [...idBytes].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("");
  const token = `omd_${id}_${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  return { token, id, hash: await sha256Hex(token) };
}

/** The token's public id, or null when the text is not shaped like a token. */
export function tokenId(token: string): string | null {
  return TOKEN_PATTERN.exec(token)?.[1] ?? null;
}

/** Compares two equal-length hex digests in time that does not depend on where they differ. */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
