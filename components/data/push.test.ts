// The realtime sync against a real Socket.IO server and client: pushes land in React Query's cache as each
// query module says, a burst costs one throttled refetch, and a reconnect refetches everything.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { Server } from "socket.io";
import { io } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MemorySample } from "@/lib/domain/types";
import { makeMemorySample, makeTrackView } from "@/lib/domain/view-fixtures";
import type { TrackView } from "@/lib/domain/views";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";
import { connectPushes, type QuerySync } from "./push";
import { queryKeys } from "./query-keys";
import type { ClientSocket } from "./socket";
import { QUERY_SYNCS } from "./use-realtime-sync";

type Harness = {
  server: Server<ClientToServerEvents, ServerToClientEvents>;
  socket: ClientSocket;
  client: QueryClient;
};
let harness: Harness;
let stop: (() => void) | null = null;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

beforeEach(async () => {
  const http = createServer();
  const server: Harness["server"] = new Server(http);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  const socket: ClientSocket = io(`http://127.0.0.1:${port}`, {
    transports: ["websocket"],
    reconnectionDelay: 50,
    reconnectionDelayMax: 100,
  });
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  harness = { server, socket, client: new QueryClient() };
});

afterEach(async () => {
  stop?.();
  stop = null;
  harness.socket.close();
  harness.client.clear();
  await new Promise<void>((resolve) => harness.server.close(() => resolve()));
});

const sample = (at: string, usedPercent: number): MemorySample => makeMemorySample(at, usedPercent);

/** An active governor query whose fetches are counted (each answers its count; never stale on its own). */
function observeGovernorFetches(client: QueryClient): { fetches: () => number; unsubscribe: () => void } {
  let fetches = 0;
  const observer = new QueryObserver(client, {
    queryKey: queryKeys.governor(),
    queryFn: async () => ++fetches,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return { fetches: () => fetches, unsubscribe: observer.subscribe(() => undefined) };
}

describe("connectPushes with every query module", () => {
  it("puts a sample on the gauge at once and appends it to the history, bounded by the window", async () => {
    const { server, socket, client } = harness;
    const old = sample("2025-01-01T00:00:00.000Z", 10);
    client.setQueryData(queryKeys.memoryHistory(), [old]);
    stop = connectPushes(socket, client, QUERY_SYNCS);
    const fresh = sample("2025-01-01T00:30:00.000Z", 20);
    server.emit("memory:sample", fresh);
    await until(() => client.getQueryData(queryKeys.memoryLatest()) !== undefined, "the gauge's sample");
    expect(client.getQueryData(queryKeys.memoryLatest())).toEqual(fresh);
    await until(
      () => client.getQueryData<MemorySample[]>(queryKeys.memoryHistory())?.[0]?.at === fresh.at,
      "the history to take the sample and drop the one older than its window",
    );
    expect(client.getQueryData(queryKeys.memoryHistory())).toEqual([fresh]);
  });

  it("appends a burst of samples to the history in one update", async () => {
    const { server, socket, client } = harness;
    client.setQueryData(queryKeys.memoryHistory(), []);
    let updates = 0;
    const unsubscribe = client.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.query.queryKey[2] === "history") updates++;
    });
    stop = connectPushes(socket, client, QUERY_SYNCS);
    for (let i = 0; i < 5; i++) server.emit("memory:sample", sample(`2025-01-01T00:00:0${i}.000Z`, 10 + i));
    await until(
      () => client.getQueryData<MemorySample[]>(queryKeys.memoryHistory())?.length === 5,
      "the burst",
    );
    await sleep(1500);
    expect(updates).toBe(1);
    expect(
      client.getQueryData<MemorySample[]>(queryKeys.memoryHistory())?.map((s) => s.machine.usedPercent),
    ).toEqual([10, 11, 12, 13, 14]);
    unsubscribe();
  });

  it("puts a pushed track into the cached list and leaves lists nobody asked for alone", async () => {
    const { server, socket, client } = harness;
    const a = makeTrackView("A", { position: 0, status: "ready" });
    const b = makeTrackView("B", { position: 1, status: "ready" });
    client.setQueryData(queryKeys.tracks(), [a, b]);
    stop = connectPushes(socket, client, QUERY_SYNCS);
    server.emit("track:updated", { ...a, status: "running" });
    await until(
      () => client.getQueryData<TrackView[]>(queryKeys.tracks())?.[0]?.status === "running",
      "track A running in the list",
    );
    expect(client.getQueryData<TrackView[]>(queryKeys.tracks())?.map((t) => t.key)).toEqual(["A", "B"]);
    expect(client.getQueryData(queryKeys.events(a.runId))).toBeUndefined();
  });

  it("refetches everything after a reconnect (pushes may have been missed)", async () => {
    const { server, socket, client } = harness;
    const governor = observeGovernorFetches(client);
    await until(() => governor.fetches() === 1, "the first fetch");
    stop = connectPushes(socket, client, QUERY_SYNCS);
    // Drop the transport under the client (as a network blip would): it reconnects by itself.
    for (const s of server.sockets.sockets.values()) s.conn.close();
    await until(() => governor.fetches() === 2, "a refetch after the reconnect");
    expect(socket.connected).toBe(true);
    governor.unsubscribe();
  });
});

describe("connectPushes at the first connect", () => {
  it("refetches what was fetched before the socket connected (pushes in between never came)", async () => {
    const { server, client } = harness;
    const { port } = server.httpServer.address() as AddressInfo;
    const late: ClientSocket = io(`http://127.0.0.1:${port}`, {
      transports: ["websocket"],
      autoConnect: false,
    });
    const governor = observeGovernorFetches(client);
    try {
      await until(() => governor.fetches() === 1, "the first fetch");
      stop = connectPushes(late, client, QUERY_SYNCS);
      late.connect();
      await until(() => governor.fetches() === 2, "a refetch at the first connect");
    } finally {
      governor.unsubscribe();
      late.close();
    }
  });
});

describe("connectPushes at the first connect, a first fetch still in flight", () => {
  it("fetches again once it lands: its answer may predate the connect, and a push before the connect never came", async () => {
    const { server, client } = harness;
    const { port } = server.httpServer.address() as AddressInfo;
    const late: ClientSocket = io(`http://127.0.0.1:${port}`, {
      transports: ["websocket"],
      autoConnect: false,
    });
    // The first answer is read now and arrives after the connect; the state changes meanwhile (a run ends).
    let answers = 0;
    let releaseFirst: (() => void) | null = null;
    const observer = new QueryObserver(client, {
      queryKey: queryKeys.runs(),
      queryFn: async () => {
        answers++;
        if (answers === 1) {
          await new Promise<void>((resolve) => {
            releaseFirst = resolve;
          });
          return "running";
        }
        return "completed";
      },
      staleTime: Number.POSITIVE_INFINITY,
    });
    const unsubscribe = observer.subscribe(() => undefined);
    try {
      await until(() => releaseFirst !== null, "the first fetch in flight");
      stop = connectPushes(late, client, QUERY_SYNCS);
      late.connect();
      await until(() => late.connected, "the connect");
      await sleep(50); // the connect's refetch has been asked for while the first fetch is in flight
      releaseFirst!();
      await until(() => client.getQueryData(queryKeys.runs()) === "completed", "the state after the connect");
      expect(answers).toBe(2);
    } finally {
      unsubscribe();
      late.close();
    }
  });
});

describe("connectPushes", () => {
  it("turns a burst of pushes into a leading and a trailing refetch", async () => {
    const { server, socket, client } = harness;
    let fetches = 0;
    const key = ["paratrack", "test-burst"];
    const observer = new QueryObserver(client, {
      queryKey: key,
      queryFn: async () => ++fetches,
      staleTime: Number.POSITIVE_INFINITY,
    });
    const unsubscribe = observer.subscribe(() => undefined);
    await until(() => fetches === 1, "the first fetch");
    const sync: QuerySync = {
      refetch: { keys: [key], gapMs: 300 },
      push: { "run:updated": ({ refetchSoon }) => refetchSoon() },
    };
    stop = connectPushes(socket, client, [sync]);
    for (let i = 0; i < 10; i++)
      server.emit("run:updated", {
        id: `r${i}`,
        name: "burst",
        status: "running",
        phase: 3,
        startedAt: "2025-01-01T00:00:00.000Z",
        endedAt: null,
        budgetBytes: null,
        trackCount: 1,
      });
    await until(() => fetches === 2, "the leading refetch");
    await sleep(600);
    expect(fetches).toBe(3);
    unsubscribe();
  });

  it("still applies a push to the other modules when one of them throws", async () => {
    const { server, socket, client } = harness;
    const seen: string[] = [];
    const broken: QuerySync = {
      push: {
        "governor:updated": () => {
          throw new Error("broken module");
        },
      },
    };
    const working: QuerySync = { push: { "governor:updated": (_c, view) => seen.push(view.zone) } };
    const original = console.error;
    console.error = () => undefined;
    try {
      stop = connectPushes(socket, client, [broken, working]);
      server.emit("governor:updated", {
        enabled: true,
        zone: "yellow",
        zoneLines: { yellow: 60, orange: 75, red: 85 },
        sampleIntervalMs: 1000,
        queue: [],
        ordering: null,
      });
      await until(() => seen.length === 1, "the working module's handler");
    } finally {
      console.error = original;
    }
    expect(seen).toEqual(["yellow"]);
  });

  it("stops applying pushes once unsubscribed", async () => {
    const { server, socket, client } = harness;
    const seen: string[] = [];
    const unsubscribe = connectPushes(socket, client, [
      { push: { "governor:updated": (_c, view) => seen.push(view.zone) } },
    ]);
    unsubscribe();
    server.emit("governor:updated", {
      enabled: true,
      zone: "red",
      zoneLines: { yellow: 60, orange: 75, red: 85 },
      sampleIntervalMs: 1000,
      queue: [],
      ordering: null,
    });
    await sleep(200);
    expect(seen).toEqual([]);
  });
});

describe("connectPushes in a development build", () => {
  it("says in the console when a push does not match its contract, and applies it all the same", async () => {
    const { server, socket, client } = harness;
    const errors: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      errors.push(args.map(String).join(" "));
    });
    try {
      stop = connectPushes(socket, client, QUERY_SYNCS);
      const good = makeMemorySample("2025-01-01T00:00:00.000Z", 10);
      server.emit("memory:sample", good);
      await until(() => client.getQueryData(queryKeys.memoryLatest()) !== undefined, "the good sample");
      // A server that forgot a field (or a client built against another contract).
      const { swap: _swap, ...withoutSwap } = makeMemorySample("2025-01-01T00:00:01.000Z", 20);
      server.emit("memory:sample", withoutSwap as MemorySample);
      await until(() => errors.length > 0, "the mismatch in the console");
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^paratrack: the memory:sample push does not match its contract:\nswap: /);
      expect(client.getQueryData<MemorySample>(queryKeys.memoryLatest())?.machine.usedPercent).toBe(20);
    } finally {
      spy.mockRestore();
    }
  });
});
