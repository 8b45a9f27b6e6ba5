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

describe("updateCachedList", () => {
  it("applies the push to a list already in the cache", () => {
    const client = new QueryClient();
    client.setQueryData(KEY, ["a"]);
    updateCachedList(client, KEY, prepend("b"));
    expect(client.getQueryData(KEY)).toEqual(["b", "a"]);
  });

  it("fetches again when the push arrives during the first fetch, so the list ends up with it", async () => {
    const client = new QueryClient();
    const { state, fetchList } = slowServer();
    const observer = new QueryObserver(client, { queryKey: KEY, queryFn: fetchList });
    const unsubscribe = observer.subscribe(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(client.getQueryState(KEY)?.fetchStatus).toBe("fetching");
    state.items.unshift("b");
    updateCachedList(client, KEY, prepend("b"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.getQueryData(KEY)).toEqual(["b", "a"]);
    expect(state.calls).toBe(2);
    unsubscribe();
    client.clear();
  });

  it("fetches again when the push arrives during a refetch, whose answer predates the push", async () => {
    const client = new QueryClient();
    const { state, fetchList } = slowServer();
    const observer = new QueryObserver(client, { queryKey: KEY, queryFn: fetchList });
    const unsubscribe = observer.subscribe(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.getQueryData(KEY)).toEqual(["a"]);
    void client.invalidateQueries({ queryKey: KEY });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(client.getQueryState(KEY)?.fetchStatus).toBe("fetching");
    state.items.unshift("b");
    updateCachedList(client, KEY, prepend("b"));
    // Shown at once, and still there after the stale answer has landed and the list was read again.
    expect(client.getQueryData(KEY)).toEqual(["b", "a"]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.getQueryData(KEY)).toEqual(["b", "a"]);
    expect(state.calls).toBe(3);
    unsubscribe();
    client.clear();
  });

  it("fetches once more after a refetch however many pushes arrive during it", async () => {
    const client = new QueryClient();
    const { state, fetchList } = slowServer();
    const observer = new QueryObserver(client, { queryKey: KEY, queryFn: fetchList });
    const unsubscribe = observer.subscribe(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    void client.invalidateQueries({ queryKey: KEY });
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (const item of ["b", "c", "d", "e"]) {
      state.items.unshift(item);
      updateCachedList(client, KEY, prepend(item));
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(client.getQueryData(KEY)).toEqual(["e", "d", "c", "b", "a"]);
    expect(state.calls).toBe(3);
    unsubscribe();
    client.clear();
  });

  it("for a stream of samples, leaves a refetch in flight alone (its next one brings what it missed)", async () => {
    const client = new QueryClient();
    const { state, fetchList } = slowServer();
    const observer = new QueryObserver(client, { queryKey: KEY, queryFn: fetchList });
    const unsubscribe = observer.subscribe(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    void client.invalidateQueries({ queryKey: KEY });
    await new Promise((resolve) => setTimeout(resolve, 5));
    updateCachedList(client, KEY, prepend("b"), { refetchAfterRefetch: false });
    expect(client.getQueryData(KEY)).toEqual(["b", "a"]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(state.calls).toBe(2);
    unsubscribe();
    client.clear();
  });

  it("does nothing for a list nobody has asked for", () => {
    const client = new QueryClient();
    updateCachedList(client, KEY, prepend("b"));
    expect(client.getQueryData(KEY)).toBeUndefined();
  });
});
