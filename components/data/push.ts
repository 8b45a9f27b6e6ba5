// How socket pushes reach React Query's cache: each query module describes its own handlers (a QuerySync), and
// connectPushes routes every event to them, with one throttled refetch per module and a full refetch at every
// connect (pushes may have been missed before it).
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { ServerToClientEvents } from "@/lib/realtime/events";
import { appendBounded, type Bound } from "./append-bounded";
import { queryKeys } from "./query-keys";
import type { ClientSocket } from "./socket";
import { createThrottledInvalidator } from "./throttled-invalidator";

export type PushEvent = keyof ServerToClientEvents;
export type PushArgs<E extends PushEvent> = Parameters<ServerToClientEvents[E]>;

/** What a push handler works with: the cache, and its own module's throttled refetch. */
export type PushContext = { client: QueryClient; refetchSoon: () => void };

export type PushHandlers = { [E in PushEvent]?: (context: PushContext, ...args: PushArgs<E>) => void };

/** One query module's part of the realtime sync. */
export type QuerySync = {
  push: PushHandlers;
  /** What refetchSoon() refetches, at most once per gapMs (leading and trailing). */
  refetch?: { keys: readonly QueryKey[]; gapMs: number };
};

type Listener = (...args: unknown[]) => void;
/** The socket seen by event name: PushHandlers already type each event's arguments. */
type LooseSocket = {
  readonly connected: boolean;
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
};

/** Subscribes the modules' handlers to the socket; returns the unsubscribe. */
export function connectPushes(
  typedSocket: ClientSocket,
  client: QueryClient,
  syncs: readonly QuerySync[],
): () => void {
  const socket = typedSocket as unknown as LooseSocket;
  const cancels: (() => void)[] = [];
  const handlersByEvent = new Map<string, Listener[]>();
  for (const sync of syncs) {
    const { refetch } = sync;
    const throttled = refetch
      ? createThrottledInvalidator(() => {
          for (const key of refetch.keys) void client.invalidateQueries({ queryKey: key });
        }, refetch.gapMs)
      : null;
    if (throttled) cancels.push(() => throttled.cancel());
    const context: PushContext = { client, refetchSoon: () => throttled?.invalidate() };
    for (const [event, handler] of Object.entries(sync.push) as [string, (...a: unknown[]) => void][]) {
      const list = handlersByEvent.get(event) ?? [];
      list.push((...args) => handler(context, ...args));
      handlersByEvent.set(event, list);
    }
  }

  const listeners: [string, Listener][] = [];
  for (const [event, handlers] of handlersByEvent) {
    listeners.push([
      event,
      (...args) => {
        for (const handle of handlers) {
          // One module's failure must not keep the push from the others.
          try {
            handle(...args);
          } catch (error) {
            console.error(`paratrack: a ${event} push could not be applied`, error);
          }
        }
        // The bundler replaces NODE_ENV, so production builds drop this and never load the schemas.
        if (process.env.NODE_ENV !== "production") void reportContractMismatch(event, args[0]);
      },
    ]);
  }
  // Every connect refetches what is shown: after a reconnect, pushes were missed while the socket was down; at the
  // first connect, an answer fetched before it misses what happened between its read and the connect (seen in CI:
  // a governor start recorded just after the decisions list was read never reached the page).
  listeners.push(["connect", () => refetchEverything(client)]);
  for (const [event, listener] of listeners) socket.on(event, listener);
  return () => {
    for (const cancel of cancels) cancel();
    for (const [event, listener] of listeners) socket.off(event, listener);
  };
}

/**
 * Refetches every query. A query still in its first fetch would only join it (React Query dedupes a first fetch),
 * and that answer may have been read before the socket connected: it is fetched again once it lands (seen in e2e:
 * a run that ended while the overview loaded stayed "running").
 */
function refetchEverything(client: QueryClient): void {
  for (const query of client.getQueryCache().findAll({ queryKey: queryKeys.all })) {
    if (query.state.data !== undefined || query.state.fetchStatus !== "fetching") continue;
    query.promise?.then(
      () => client.invalidateQueries({ queryKey: query.queryKey, exact: true }),
      () => undefined,
    );
  }
  void client.invalidateQueries({ queryKey: queryKeys.all });
}

/** Fetches in flight after which their list is fetched again: one follow-up each, however many pushes came. */
const refetchScheduled = new WeakSet<Promise<unknown>>();

/**
 * Applies a push to a cached list. A fetch in flight may have read the server before the push and would put the
 * old state back when it lands (seen in CI: a pause pushed during a tracks refetch never showed), so the list is
 * fetched again once that fetch lands: once per fetch, without cancelling one under way. During the first fetch
 * there is nothing to update yet: only that refetch. Streams of samples use appendToStream instead.
 */
export function updateCachedList<T>(client: QueryClient, key: QueryKey, update: (old: T[]) => T[]) {
  const inFlight = fetchInFlight(client, key);
  if (inFlight && !refetchScheduled.has(inFlight)) {
    refetchScheduled.add(inFlight);
    // Invalidating now would join the running fetch (React Query dedupes it), so wait for it to land.
    inFlight.then(
      () => client.invalidateQueries({ queryKey: key, exact: true }, { cancelRefetch: false }),
      () => undefined,
    );
  }
  client.setQueryData<T[]>(key, (old) => (old === undefined ? old : update(old)));
}

/** Items pushed during a fetch in flight, appended to its answer when it lands. */
const carriedOver = new WeakMap<Promise<unknown>, unknown[]>();

type StreamBound<T> = Bound<T> & { window: { timeOf: (item: T) => number } };

/**
 * Appends pushed samples to a cached stream (in time order, bounded). A fetch in flight may have been read before
 * them and would drop them when it lands, and fetching again after every one would never end (samples come every
 * second): they are appended to its answer instead. Either way only what the list does not hold yet is appended
 * (an answer read after a batch was pushed already has it).
 */
export function appendToStream<T>(
  client: QueryClient,
  key: QueryKey,
  items: readonly T[],
  bound: StreamBound<T>,
) {
  const append = (old: T[] | undefined, pushed: readonly T[]) =>
    old === undefined ? old : appendBounded(old, notYetIn(old, pushed, bound.window.timeOf), bound);
  const inFlight = fetchInFlight(client, key);
  if (inFlight) {
    const carried = carriedOver.get(inFlight) as T[] | undefined;
    if (carried) carried.push(...items);
    else {
      const held = [...items];
      carriedOver.set(inFlight, held);
      // Runs after the fetch has put its answer in the cache: React Query's own wait on this promise came first.
      inFlight.then(
        () => client.setQueryData<T[]>(key, (old) => append(old, held)),
        () => undefined,
      );
    }
  }
  client.setQueryData<T[]>(key, (old) => append(old, items));
}

/**
 * The pushed items a time-ordered list does not hold yet: those after its newest, and those at its newest time that
 * it lacks (a sample's points for several tracks share one time and may come in two batches).
 */
function notYetIn<T>(list: readonly T[], pushed: readonly T[], timeOf: (item: T) => number): T[] {
  if (list.length === 0) return [...pushed];
  const newest = timeOf(list[list.length - 1] as T);
  const atNewest = new Set<string>();
  for (let i = list.length - 1; i >= 0 && timeOf(list[i] as T) === newest; i--)
    atNewest.add(JSON.stringify(list[i]));
  return pushed.filter(
    (item) => timeOf(item) > newest || (timeOf(item) === newest && !atNewest.has(JSON.stringify(item))),
  );
}

function fetchInFlight(client: QueryClient, key: QueryKey): Promise<unknown> | undefined {
  const query = client.getQueryCache().find({ queryKey: key, exact: true });
  return query?.state.fetchStatus === "fetching" ? query.promise : undefined;
}

/**
 * Collects pushed items per cache and applies them together once `intervalMs` after the first: samples come
 * several times a second, and a list that only feeds charts need not change (and re-render) as often.
 */
export function batchPushes<T>(
  intervalMs: number,
  apply: (client: QueryClient, items: T[]) => void,
): (client: QueryClient, item: T) => void {
  const pending = new WeakMap<QueryClient, T[]>();
  return (client, item) => {
    const queued = pending.get(client);
    if (queued) {
      queued.push(item);
      return;
    }
    pending.set(client, [item]);
    setTimeout(() => {
      const items = pending.get(client) ?? [];
      pending.delete(client);
      apply(client, items);
    }, intervalMs);
  };
}

/**
 * Development only: a push that does not match its contract (lib/contracts/pushes.ts) is said in the console, after
 * it was applied (checking first would need the schemas loaded before the first push, or reorder pushes).
 */
async function reportContractMismatch(event: string, payload: unknown): Promise<void> {
  const { checkPush } = await import("@/lib/contracts/pushes");
  const mismatch = checkPush(event, payload);
  if (mismatch !== null)
    console.error(`paratrack: the ${event} push does not match its contract:\n${mismatch}`);
}
