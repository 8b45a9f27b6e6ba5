// The online replanner over several passes: each pass starts from the order the pass before chose.
import { describe, expect, it } from "vitest";
import { projectFinish, type ReplanCandidate, type ReplanInput, replanQueue } from "./governor-replan";
import { type Projection, sumProjections } from "./memory-projection";

const GB = 1024 ** 3;

/** A ten-job queue like the governor bench's "shapes": fast ramps and slow linear climbs, 0.3–2 GB, 10–60 s. */
function shapesQueue(): ReplanCandidate[] {
  return Array.from({ length: 10 }, (_, i): ReplanCandidate => {
    const peak = (0.3 + ((i * 7 + 5) % 10) * 0.19) * GB;
    const endMs = (10 + ((i * 3 + 10) % 10) * 5.5) * 1000;
    const steps: Projection["steps"] =
      i % 2 === 0
        ? [
            [0, peak / 4],
            [endMs / 10, peak],
          ]
        : [1, 2, 3, 4, 5].map((k) => [((k - 1) * endMs) / 5, (peak * k) / 5]);
    const key = `q${i}`;
    return { key, rank: 0, projection: { key, basis: "learned", steps, endMs, peakBytes: peak } };
  });
}

const input = (over: Partial<ReplanInput> = {}): ReplanInput => ({
  lineBytes: 3 * GB,
  started: sumProjections([], 0),
  running: [],
  candidates: shapesQueue(),
  slots: Number.POSITIVE_INFINITY,
  seed: 1,
  ...over,
});

describe("replanning over passes", () => {
  it("never gets worse from pass to pass while nothing changes, and finds a sooner finish than one pass does", () => {
    const finishes: number[] = [];
    let previousOrder: readonly string[] | undefined;
    for (let pass = 0; pass < 30; pass++) {
      const ordering = replanQueue(
        input({ seed: 1_000 * pass, ...(previousOrder ? { previousOrder } : {}) }),
      );
      finishes.push(projectFinish(input(), ordering.order));
      if (ordering.method === "replanned") previousOrder = ordering.order;
    }
    for (let pass = 1; pass < finishes.length; pass++)
      expect(finishes[pass]).toBeLessThanOrEqual(finishes[pass - 1]!);
    expect(finishes.at(-1)).toBeLessThan(finishes[0]!);
  });

  it("keeps the order the pass before chose when no proposal beats it", () => {
    const first = replanQueue(input());
    expect(first.method).toBe("replanned");
    // An order as good as the best this pass finds (here: the best of a longer search): kept as it is, with its
    // name, whatever other orders of the same finish the moves of this pass come across.
    let best = first;
    for (let pass = 1; pass < 40; pass++)
      best = replanQueue(input({ seed: pass, previousOrder: best.order, previousSource: best.source }));
    for (const seed of [77, 78, 79]) {
      const next = replanQueue(input({ seed, previousOrder: best.order, previousSource: "rcpsp" }));
      expect(next.order).toEqual(best.order);
      expect(next.source).toBe("rcpsp");
    }
  });

  it("drops tracks that have started from the carried order and adds new ones at its end", () => {
    const first = replanQueue(input());
    const started = first.order[0]!;
    const rest = input().candidates.filter((c) => c.key !== started);
    const added: ReplanCandidate = { ...rest[0]!, key: "new" };
    const next = replanQueue(input({ candidates: [...rest, added], previousOrder: first.order, seed: 5 }));
    expect(next.order).not.toContain(started);
    expect([...next.order].sort()).toEqual([...rest.map((c) => c.key), "new"].sort());
  });
});
