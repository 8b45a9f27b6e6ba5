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

/**
 * Variables that only the server may hold; child processes (agents, gates, Slurm jobs) never inherit them: the lead's
 * token, and the database's URL (PostgreSQL's carries its password; a SQLite one names the file holding the plans'
 * env values).
 */
export const SERVER_SECRETS = ["PARATRACK_TOKEN", "DATABASE_URL"] as const;

/** A copy of `env` without the server's secrets. */
export function withoutServerSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of SERVER_SECRETS) delete copy[name];
  return copy;
}

/**
 * Takes the server's secrets out of its own environment once the configuration has read them, so that no process it
 * starts can inherit them, whichever way it is started (agents, quality gates, git, sbatch and the jobs it submits
 * with the submitter's environment). Returns the names removed.
 */
export function forgetServerSecrets(env: NodeJS.ProcessEnv): string[] {
  const removed = SERVER_SECRETS.filter((name) => env[name] !== undefined);
  for (const name of removed) delete env[name];
  return removed;
}

/** SHA-256 of a token, hex: what is stored of a token that must be recognised later. */
export function tokenDigest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
