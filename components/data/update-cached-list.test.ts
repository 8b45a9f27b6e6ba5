// Socket pushes into React Query's cache: a push that arrives while a fetch of the list is in flight is not lost.
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { appendToStream, updateCachedList } from "./push";

const KEY = ["events"];
const prepend = (item: string) => (old: string[]) => [item, ...old];

/** A server whose list changes while a request is answered: the first answer was read before the push. */
function slowServer() {
  const state = { items: ["a"], calls: 0 };
  const fetchList = async () => {
    state.calls += 1;
    const snapshot = [...state.items];
    await new Promise((resolve) => setTimeout(resolve, 30));
    return snapshot;
  };
  return { state, fetchList };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A list watched as the page watches it, its first fetch under way (`"first"`) or landed and a refetch under way
 * (`"refetch"`), against a server whose answers take 30 ms.
 */
async function listFetching(during: "first" | "refetch") {
  const client = new QueryClient();
  const { state, fetchList } = slowServer();
  const unsubscribe = new QueryObserver(client, { queryKey: KEY, queryFn: fetchList }).subscribe(
    () => undefined,
  );
  if (during === "refetch") {
    await sleep(50);
    expect(client.getQueryData(KEY)).toEqual(["a"]);
    void client.invalidateQueries({ queryKey: KEY });
  }
  await sleep(5);
  expect(client.getQueryState(KEY)?.fetchStatus).toBe("fetching");
  /** The server's list changes and the push announcing it arrives. */
  const push = (item: string) => {
    state.items.unshift(item);
    updateCachedList(client, KEY, prepend(item));
  };
  const done = () => {
    unsubscribe();
    client.clear();
  };
  return { client, state, push, done };
}

describe("updateCachedList", () => {
  it("applies the push to a list already in the cache", () => {
    const client = new QueryClient();
    client.setQueryData(KEY, ["a"]);
    updateCachedList(client, KEY, prepend("b"));
    expect(client.getQueryData(KEY)).toEqual(["b", "a"]);
  });

  it("fetches again when the push arrives during the first fetch, so the list ends up with it", async () => {
    const { client, state, push, done } = await listFetching("first");
    push("b");
    await sleep(100);
    expect(client.getQueryData(KEY)).toEqual(["b", "a"]);
    expect(state.calls).toBe(2);
    done();
  });

  it("fetches again when the push arrives during a refetch, whose answer predates the push", async () => {
    const { client, state, push, done } = await listFetching("refetch");
    push("b");
    // Shown at once, and still there after the stale answer has landed and the list was read again.
    expect(client.getQueryData(KEY)).toEqual(["b", "a"]);
    await sleep(100);
    expect(client.getQueryData(KEY)).toEqual(["b", "a"]);
    expect(state.calls).toBe(3);
    done();
  });

  it("fetches once more after a refetch however many pushes arrive during it", async () => {
    const { client, state, push, done } = await listFetching("refetch");
    for (const item of ["b", "c", "d", "e"]) push(item);
    await sleep(150);
    expect(client.getQueryData(KEY)).toEqual(["e", "d", "c", "b", "a"]);
    expect(state.calls).toBe(3);
    done();
  });

  it("does nothing for a list nobody has asked for", () => {
    const client = new QueryClient();
    updateCachedList(client, KEY, prepend("b"));
    expect(client.getQueryData(KEY)).toBeUndefined();
  });
});

type Sample = { at: string; bytes: number };
const STREAM = ["samples"];
const BOUND = { max: 100, window: { ms: 60_000, timeOf: (s: Sample) => Date.parse(s.at) } };
const sample = (second: number): Sample => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  bytes: second,
});
const seconds = (list: Sample[] | undefined) => list?.map((s) => s.bytes);

/**
 * A stream of samples watched as the page watches it: the server records one sample a second (pushed as it is
 * recorded), and each answer is read at once but takes 30 ms to arrive.
 */
async function streamFetching(during: "first" | "refetch") {
  const client = new QueryClient();
  const recorded = [sample(1)];
  let calls = 0;
  const fetchSamples = async () => {
    calls += 1;
    const snapshot = [...recorded];
    await sleep(30);
    return snapshot;
  };
  const unsubscribe = new QueryObserver(client, { queryKey: STREAM, queryFn: fetchSamples }).subscribe(
    () => undefined,
  );
  if (during === "refetch") {
    await sleep(50);
    void client.invalidateQueries({ queryKey: STREAM });
  }
  await sleep(5);
  expect(client.getQueryState(STREAM)?.fetchStatus).toBe("fetching");
  const record = (second: number) => {
    recorded.push(sample(second));
    appendToStream(client, STREAM, [sample(second)], BOUND);
  };
  const done = () => {
    unsubscribe();
    client.clear();
  };
  return { client, record, calls: () => calls, done };
}

describe("appendToStream", () => {
  it("appends to a stream in the cache, bounded", () => {
    const client = new QueryClient();
    client.setQueryData(STREAM, [sample(1)]);
    appendToStream(client, STREAM, [sample(2), sample(3)], { ...BOUND, max: 2 });
    expect(seconds(client.getQueryData(STREAM))).toEqual([2, 3]);
  });

  it("keeps samples pushed during a refetch whose answer was read before them, without fetching again", async () => {
    const { client, record, calls, done } = await streamFetching("refetch");
    record(2);
    record(3);
    expect(seconds(client.getQueryData(STREAM))).toEqual([1, 2, 3]);
    await sleep(100);
    expect(seconds(client.getQueryData(STREAM))).toEqual([1, 2, 3]);
    expect(calls()).toBe(2);
    done();
  });

  it("keeps samples pushed during the first fetch", async () => {
    const { client, record, calls, done } = await streamFetching("first");
    record(2);
    await sleep(100);
    expect(seconds(client.getQueryData(STREAM))).toEqual([1, 2]);
    expect(calls()).toBe(1);
    done();
  });

  it("does not repeat a pushed sample the answer already holds", async () => {
    const client = new QueryClient();
    const unsubscribe = new QueryObserver(client, {
      queryKey: STREAM,
      // Read after the push: the answer already has sample 2.
      queryFn: async () => {
        await sleep(30);
        return [sample(1), sample(2)];
      },
    }).subscribe(() => undefined);
    await sleep(5);
    appendToStream(client, STREAM, [sample(2)], BOUND);
    await sleep(60);
    expect(seconds(client.getQueryData(STREAM))).toEqual([1, 2]);
    unsubscribe();
    client.clear();
  });

  it("appends a late batch only where the list lacks it (an answer read after the batch already has it)", () => {
    const client = new QueryClient();
    client.setQueryData(STREAM, [sample(1), sample(2)]);
    appendToStream(client, STREAM, [sample(2), sample(3)], BOUND);
    expect(seconds(client.getQueryData(STREAM))).toEqual([1, 2, 3]);
    // Another track's point of the same sample (same time, other content) still comes in.
    appendToStream(client, STREAM, [{ at: sample(3).at, bytes: 33 }], BOUND);
    expect(seconds(client.getQueryData(STREAM))).toEqual([1, 2, 3, 33]);
  });
});
