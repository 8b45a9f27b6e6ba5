// The engine's writes while the database may go away (PostgreSQL restarting, the network to it down): a write runs
// at once while the database answers; once one fails because the server is unreachable, it and every later write
// wait in order in a bounded queue, retried until the server is back, so the run goes on in memory and nothing it
// recorded is lost. Past the bound the oldest droppable write (a memory sample) goes first, then the oldest of all.
//
// A write that failed mid-flight may in fact have committed (the answer was lost with the connection); replaying it
// can then write it twice. Tracks are stored whole (a repeat is harmless); an event may appear twice.
//
// Whose database it is: on a shared PostgreSQL another engine may take the database while this one's lock is lost
// (lib/engine/roles). A fence set by the owner holds every write in the queue while the lock is not held, confirms
// the lock before the queue is written, and discard() drops what waits once another engine owns the database, so
// the old owner never writes its queue (or its own ending) into the other's run.
import { describeDatabaseError, isDatabaseUnreachable } from "./unreachable";

/** "dropped": not written, and never will be (the engine no longer owns the database: see discard()). */
export type WriteOutcome = "written" | "queued" | "dropped";

/** Whether this engine may write into the database now (lib/engine/roles/engine-role.ts sets it on PostgreSQL). */
export type WriteFence = {
  /** False while the engine's hold on the database is lost: writes wait in the queue, unwritten. */
  isOwner(): boolean;
  /** Asked before the queue is written: true only when the engine still owns the database (it may ask it). */
  confirm(): Promise<boolean>;
};

export type WriteOptions = {
  /** Samples and other series: dropped first when the queue is full. */
  droppable?: boolean;
};

/** error: one line naming the database (never the password) and the cause. */
export type OutageStart = { error: string; at: number };
export type OutageEnd = {
  at: number;
  downMs: number;
  /** Writes made good from the queue. */
  written: number;
  /** Writes dropped because the queue was full. */
  dropped: number;
  /** Queued writes that failed for another reason once the database was back (logged, not retried). */
  failed: number;
};

export type WriteBehind = {
  /**
   * Runs the write now, or queues it behind earlier ones while the database is unreachable (resolving at once with
   * "queued"). Rejects only with an error other than unreachability, from a write run at once.
   */
  write(operation: string, run: () => Promise<unknown>, options?: WriteOptions): Promise<WriteOutcome>;
  /** False from the first unreachable write until the queue has been written. */
  isAvailable(): boolean;
  pending(): number;
  /** Tries the queue now; resolves once it is empty or the database is still unreachable (or the fence holds it). */
  flush(): Promise<void>;
  /** Sets the fence (see WriteFence); null: none (every write runs as soon as the database answers). */
  fence(fence: WriteFence | null): void;
  /**
   * The database is another engine's now: drops every waiting write and every later one (resolving "dropped"), and
   * answers how many were waiting. Final: a write that stalled in flight before may still land; nothing else does.
   */
  discard(): number;
  /** Stops retrying after one last attempt of at most `timeoutMs`; resolves with the writes left unwritten. */
  close(timeoutMs?: number): Promise<number>;
};

export type WriteBehindOptions = {
  /** Queue bound; default 10 000 writes (about 20 minutes of 4 Hz samples, with every state write kept). */
  maxPending?: number;
  /** First retry after this long, doubling up to maxRetryMs; defaults 500 and 5 000 ms. */
  retryMs?: number;
  maxRetryMs?: number;
  isUnreachable?: (error: unknown) => boolean;
  /**
   * A write still unanswered after this long counts as the database being unreachable (a network that drops packets
   * makes a query hang, not fail): the caller goes on, and the write stays in flight at its place in the queue,
   * awaited there, never run twice. Default 10 s; Infinity waits (a local file cannot be out of reach).
   */
  stallMs?: number;
  /** Once per outage, when the first write finds the database unreachable. */
  onUnavailable?: (start: OutageStart) => void;
  /** Once per outage, when the queue has been written. */
  onRestored?: (end: OutageEnd) => void;
  /** A queued write that failed for another reason (it is not retried). */
  onFailed?: (operation: string, error: unknown) => void;
  /** The database's URL, named (without user or password) in OutageStart.error. */
  databaseUrl?: string;
  now?: () => number;
};

type Pending = {
  operation: string;
  run: () => Promise<unknown>;
  droppable: boolean;
  /** A first attempt that stalled: awaited before the write is tried again. */
  inFlight?: Promise<unknown>;
};

/** Whether `attempt` settled within `ms` ("stalled" otherwise); rethrows its error. */
async function settleWithin(attempt: Promise<unknown>, ms: number): Promise<"done" | "stalled"> {
  if (!Number.isFinite(ms)) return attempt.then(() => "done" as const);
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<"stalled">((resolve) => {
    timer = setTimeout(() => resolve("stalled"), ms);
  });
  try {
    return await Promise.race([attempt.then(() => "done" as const), stalled]);
  } finally {
    clearTimeout(timer);
  }
}

export function createWriteBehind(options: WriteBehindOptions = {}): WriteBehind {
  const maxPending = options.maxPending ?? 10_000;
  const firstRetryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  const unreachable = options.isUnreachable ?? isDatabaseUnreachable;
  const stallMs = options.stallMs ?? 10_000;
  const now = options.now ?? Date.now;
  const queue: Pending[] = [];
  let outage: { since: number; written: number; dropped: number; failed: number } | null = null;
  let retryMs = firstRetryMs;
  let timer: NodeJS.Timeout | null = null;
  let draining: Promise<void> | null = null;
  let closed = false;
  let fence: WriteFence | null = null;
  let discarded = false;
  const held = () => fence !== null && !fence.isOwner();

  const enqueue = (item: Pending) => {
    if (queue.length >= maxPending) {
      const victim = queue.findIndex((q) => q.droppable);
      queue.splice(Math.max(victim, 0), 1); // no sample queued: the oldest write
      if (outage) outage.dropped++;
    }
    queue.push(item);
  };

  const startOutage = (error: unknown) => {
    if (outage) return;
    outage = { since: now(), written: 0, dropped: 0, failed: 0 };
    retryMs = firstRetryMs;
    options.onUnavailable?.({ error: describeDatabaseError(error, options.databaseUrl), at: outage.since });
  };

  const schedule = () => {
    if (timer || closed || discarded || queue.length === 0) return;
    timer = setTimeout(() => {
      timer = null;
      void drain();
    }, retryMs);
    timer.unref?.();
    retryMs = Math.min(retryMs * 2, maxRetryMs);
  };

  /**
   * Writes the queue in order; stops at the first unreachable failure and schedules the next try. With a fence, the
   * engine's hold on the database is confirmed first: a queue is never written into a database another engine took.
   */
  const drain = (): Promise<void> => {
    draining ??= (async () => {
      if (queue.length > 0 && fence && !(await fence.confirm().catch(() => false))) {
        schedule();
        return;
      }
      while (queue.length > 0 && !discarded) {
        if (held()) {
          schedule();
          return;
        }
        const head = queue[0]!;
        try {
          await (head.inFlight ?? head.run());
          if (outage) outage.written++;
        } catch (error) {
          head.inFlight = undefined;
          if (unreachable(error)) {
            schedule();
            return;
          }
          if (outage) outage.failed++;
          options.onFailed?.(head.operation, error);
        }
        // The head may have been dropped meanwhile (queue full): remove it only if it is still there.
        if (queue[0] === head) queue.shift();
      }
      if (outage && !discarded) {
        const ended = outage;
        outage = null;
        const at = now();
        options.onRestored?.({
          at,
          downMs: at - ended.since,
          written: ended.written,
          dropped: ended.dropped,
          failed: ended.failed,
        });
      }
    })().finally(() => {
      draining = null;
    });
    return draining;
  };

  return {
    async write(operation, run, writeOptions = {}) {
      if (discarded) return "dropped";
      const item = { operation, run, droppable: writeOptions.droppable ?? false };
      if (outage || queue.length > 0 || held()) {
        enqueue(item);
        schedule();
        return "queued";
      }
      try {
        const attempt = run();
        if ((await settleWithin(attempt, stallMs)) === "done") return "written";
        attempt.catch(() => undefined); // its outcome is the queue's now
        startOutage(new Error(`the database did not answer within ${stallMs / 1000} s (${operation})`));
        enqueue({ ...item, inFlight: attempt });
        schedule();
        return "queued";
      } catch (error) {
        if (!unreachable(error)) throw error;
        startOutage(error);
        enqueue(item);
        schedule();
        return "queued";
      }
    },
    // Nothing starts while the hold on the database is lost either: what it records could not be written.
    isAvailable: () => outage === null && !held() && !discarded,
    pending: () => queue.length,
    flush: () => (queue.length > 0 && !discarded ? drain() : Promise.resolve()),
    fence(next) {
      fence = next;
    },
    discard() {
      discarded = true;
      if (timer) clearTimeout(timer);
      timer = null;
      outage = null;
      return queue.splice(0).length;
    },
    async close(timeoutMs = 5_000) {
      if (timer) clearTimeout(timer);
      timer = null;
      if (queue.length > 0) {
        let expired: NodeJS.Timeout | undefined;
        await Promise.race([
          drain(),
          new Promise<void>((resolve) => {
            expired = setTimeout(resolve, timeoutMs);
          }),
        ]);
        clearTimeout(expired);
      }
      closed = true;
      if (timer) clearTimeout(timer);
      return queue.length;
    },
  };
}

/** Writes that always run at once (tests and callers without a database that can go away). */
export function createDirectWrites(): WriteBehind {
  return {
    async write(_operation, run) {
      await run();
      return "written";
    },
    isAvailable: () => true,
    pending: () => 0,
    flush: async () => undefined,
    fence: () => undefined,
    discard: () => 0,
    close: async () => 0,
  };
}
