// Which engine may run the database's runs: one per database. SQLite: the owner file beside the database (one
// machine). PostgreSQL: a session advisory lock (lib/db/postgres-owner-lock.ts), across machines; PostgreSQL frees it
// when the owner's connection ends, so the owner is told when it is lost and may claim it again.
import type { Config } from "../../config";
import { isPostgresUrl } from "../../db/client";
import {
  claimPostgresDatabase,
  DatabaseOwnedError,
  type PostgresOwnerLock,
} from "../../db/postgres-owner-lock";
import { claimDatabase } from "../owner-lock";

export type Ownership = {
  /** "file" (SQLite, this machine) or "postgresql" (an advisory lock, any machine). */
  readonly kind: "file" | "postgresql";
  /**
   * Takes the database for this engine (nothing when already held). Throws DatabaseInUseError (SQLite) or
   * DatabaseOwnedError (PostgreSQL) naming the owner; for PostgreSQL also when the server cannot be reached.
   */
  claim(): Promise<void>;
  release(): Promise<void>;
  isHeld(): boolean;
  /**
   * Whether the engine still holds the database, asked of the database itself (PostgreSQL: on the lock's own
   * connection; a dead connection found so is reported as lost). False when not held or not answered in time.
   */
  confirm(): Promise<boolean>;
  /** Called when a held PostgreSQL lock is lost (its connection ended); returns the unsubscribe. */
  onLost(listener: (error: Error) => void): () => void;
};

/** True for the error of a database another engine owns (by name: it may come from another bundle). */
export function isDatabaseOwned(error: unknown): error is DatabaseOwnedError {
  return error instanceof Error && error.name === "DatabaseOwnedError";
}

export function createOwnership(config: Pick<Config, "databaseUrl" | "dataDir">): Ownership {
  if (!isPostgresUrl(config.databaseUrl)) {
    let release: (() => void) | null = null;
    return {
      kind: "file",
      async claim() {
        release ??= claimDatabase(config.databaseUrl, config.dataDir);
      },
      async release() {
        release?.();
        release = null;
      },
      isHeld: () => release !== null,
      confirm: async () => release !== null,
      onLost: () => () => undefined,
    };
  }
  const listeners = new Set<(error: Error) => void>();
  let lock: PostgresOwnerLock | null = null;
  /** The backend of a lock session lost: ended at the next claim, in case PostgreSQL has not noticed yet. */
  let lostSession: number | null = null;
  return {
    kind: "postgresql",
    async claim() {
      if (lock?.isHeld()) return;
      const claimed = await claimPostgresDatabase(config.databaseUrl, {
        evictStaleSession: lostSession,
        connectTimeoutSeconds: 5,
        onLost: (error) => {
          lostSession = claimed.backendPid;
          for (const listener of listeners) listener(error);
        },
      });
      lock = claimed;
    },
    async release() {
      await lock?.release();
      lock = null;
    },
    isHeld: () => lock?.isHeld() ?? false,
    confirm: async () => (lock ? lock.confirm() : false),
    onLost(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export { DatabaseOwnedError };
