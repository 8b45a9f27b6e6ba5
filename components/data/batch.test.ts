// A batch is handed over once, intervalMs after its first item, with only the newest max items; flush and cancel.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createBatcher } from "./batch";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("createBatcher", () => {
  it("hands over everything pushed within the interval at once, then starts a new batch", () => {
    const handed: number[][] = [];
    const batcher = createBatcher<number>({
      intervalMs: 100,
      max: 1000,
      handOver: (items) => handed.push(items),
    });
    for (let i = 0; i < 500; i++) batcher.push(i);
    vi.advanceTimersByTime(99);
    expect(handed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(handed).toHaveLength(1);
    expect(handed[0]).toEqual([...Array(500).keys()]);
    batcher.push(500);
    vi.advanceTimersByTime(100);
    expect(handed).toEqual([[...Array(500).keys()], [500]]);
  });

  it("keeps only the newest max items of a long batch", () => {
    const handed: number[][] = [];
    const batcher = createBatcher<number>({
      intervalMs: 100,
      max: 3,
      handOver: (items) => handed.push(items),
    });
    for (let i = 0; i < 10; i++) batcher.push(i);
    vi.advanceTimersByTime(100);
    expect(handed).toEqual([[7, 8, 9]]);
  });

  it("flush hands over at once and only once; cancel drops what is held", () => {
    const handed: string[][] = [];
    const batcher = createBatcher<string>({
      intervalMs: 100,
      max: 10,
      handOver: (items) => handed.push(items),
    });
    batcher.push("a");
    batcher.flush();
    vi.advanceTimersByTime(100);
    expect(handed).toEqual([["a"]]);
    batcher.flush();
    batcher.push("b");
    batcher.cancel();
    vi.advanceTimersByTime(100);
    expect(handed).toEqual([["a"]]);
  });
});
