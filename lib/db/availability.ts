// Whether the database answers, for GET /api/health and /metrics. The engine's writes know first (a write that
// cannot be made starts an outage, and they wait); a server that writes nothing (a viewer) or nothing lately is
// answered by a trivial query, asked at most once a second and never waited on for more than 2 s.
import type { WriteBehind } from "./write-behind";

export type DatabaseState = "available" | "unavailable";

export type DatabaseAvailability = {
  /** The state now: unavailable while the engine's writes wait, else the answer to a query (kept a second). */
  check(): Promise<DatabaseState>;
  /** The last state known, without asking the database. */
  last(): DatabaseState;
  /** Writes waiting to be made (the write-behind queue). */
  pending(): number;
};

export type AvailabilityOptions = {
  /** A query that changes nothing (SELECT 1). */
  ping: () => Promise<unknown>;
  writes: Pick<WriteBehind, "isAvailable" | "pending">;
  /** How long a query may take before the database counts as unavailable; default 2 s. */
  timeoutMs?: number;
  /** How long an answer is kept; default 1 s. */
  cacheMs?: number;
  now?: () => number;
};

export function createDatabaseAvailability(options: AvailabilityOptions): DatabaseAvailability {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const cacheMs = options.cacheMs ?? 1_000;
  const now = options.now ?? Date.now;
  let answered: { state: DatabaseState; at: number } | null = null;
  let asking: Promise<DatabaseState> | null = null;

  const ask = async (): Promise<DatabaseState> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<DatabaseState>((resolve) => {
      timer = setTimeout(() => resolve("unavailable"), timeoutMs);
    });
    const reply = options.ping().then(
      () => "available" as const,
      () => "unavailable" as const,
    );
    try {
      const state = await Promise.race([reply, late]);
      answered = { state, at: now() };
      return state;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async check() {
      if (!options.writes.isAvailable()) return "unavailable";
      if (answered && now() - answered.at < cacheMs) return answered.state;
      asking ??= ask().finally(() => {
        asking = null;
      });
      return asking;
    },
    last() {
      if (!options.writes.isAvailable()) return "unavailable";
      return answered?.state ?? "available";
    },
    pending: () => options.writes.pending(),
  };
}
