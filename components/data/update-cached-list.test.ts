// Socket pushes into React Query's cache: a push that arrives while a fetch of the list is in flight is not lost.
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { updateCachedList } from "./push";

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
  const push = (item: string, options?: { refetchAfterRefetch?: boolean }) => {
    state.items.unshift(item);
    updateCachedList(client, KEY, prepend(item), options);
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

  it("for a stream of samples, leaves a refetch in flight alone (its next one brings what it missed)", async () => {
    const { client, state, push, done } = await listFetching("refetch");
    push("b", { refetchAfterRefetch: false });
    expect(client.getQueryData(KEY)).toEqual(["b", "a"]);
    await sleep(100);
    expect(state.calls).toBe(2);
    done();
  });

  it("does nothing for a list nobody has asked for", () => {
    const client = new QueryClient();
    updateCachedList(client, KEY, prepend("b"));
    expect(client.getQueryData(KEY)).toBeUndefined();
  });
});
