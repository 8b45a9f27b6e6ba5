import { describe, expect, it } from "vitest";
import { appendBounded, atTime } from "./append-bounded";

const at = (s: number) => ({ at: new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString(), s });

describe("appendBounded", () => {
  it("keeps the newest items when the buffer is full", () => {
    expect(appendBounded([1, 2, 3], [4, 5], { max: 4 })).toEqual([2, 3, 4, 5]);
    expect(appendBounded([1], [2], { max: 4 })).toEqual([1, 2]);
  });

  it("keeps only the newest of a batch larger than the bound", () => {
    expect(appendBounded([], [1, 2, 3, 4, 5, 6], { max: 3 })).toEqual([4, 5, 6]);
  });

  it("starts a list that was not there", () => {
    expect(appendBounded(undefined, [1], { max: 3 })).toEqual([1]);
  });

  it("drops items older than the window before the newest, however many fit", () => {
    const list = [at(0), at(10), at(20), at(30)];
    const kept = appendBounded(list, [at(45)], { max: 100, window: { ms: 20_000, timeOf: atTime } });
    expect(kept.map((x) => x.s)).toEqual([30, 45]);
  });

  it("applies both bounds: the window and the count", () => {
    const list = [at(0), at(1), at(2), at(3)];
    const kept = appendBounded(list, [at(4)], { max: 2, window: { ms: 60_000, timeOf: atTime } });
    expect(kept.map((x) => x.s)).toEqual([3, 4]);
  });

  it("leaves the list it was given unchanged", () => {
    const list = [1, 2, 3];
    appendBounded(list, [4], { max: 2 });
    expect(list).toEqual([1, 2, 3]);
  });
});
