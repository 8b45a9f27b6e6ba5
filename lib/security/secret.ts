// Tokens: made from the OS's randomness, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A fresh random token (32 bytes, base64url). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Compares two secrets in constant time whatever their lengths. */
export function sameSecret(a: string, b: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Variables that only the server may hold; child processes (agents, gates) never inherit them. */
export const SERVER_SECRETS = ["PARATRACK_TOKEN"] as const;

/** A copy of `env` without the server's secrets. */
export function withoutServerSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of SERVER_SECRETS) delete copy[name];
  return copy;
}

/** SHA-256 of a token, hex: what is stored of a token that must be recognised later. */
export function tokenDigest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
