import { describe, expect, it } from "vitest";
import { dependencyReach, findCycles, formatCycle, listDependencies } from "./plan-graph";

const graphOf = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe("findCycles", () => {
  it("finds nothing in a DAG and ignores unknown keys", () => {
    expect(findCycles(graphOf({ a: [], b: ["a", "ghost"], c: ["a", "b"] }))).toEqual([]);
  });

  it("names a cycle from its earliest key, following dependsOn", () => {
    const cycles = findCycles(graphOf({ x: [], B: ["C"], A: ["B"], C: ["A"] }));
    expect(cycles).toEqual([["B", "C", "A"]]);
    expect(formatCycle(cycles[0]!)).toBe("B → C → A → B");
  });

  it("reports a self-dependency and each separate cycle once, in plan order", () => {
    const cycles = findCycles(graphOf({ a: ["a"], b: ["c"], c: ["b"], d: ["b"] }));
    expect(cycles.map(formatCycle)).toEqual(["a → a", "b → c → b"]);
  });

  it("gives the shortest cycle through the start of a tangled component", () => {
    const cycles = findCycles(graphOf({ a: ["b"], b: ["c", "a"], c: ["a"] }));
    expect(cycles).toEqual([["a", "b"]]);
  });

  it("copes with a long chain closing on itself", () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 5000; i += 1) edges[`t${i}`] = [`t${(i + 1) % 5000}`];
    const cycles = findCycles(graphOf(edges));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(5000);
  });
});

describe("listDependencies", () => {
  it("follows dependsOn transitively and survives cycles", () => {
    const graph = graphOf({ a: ["b"], b: ["c"], c: ["b"], d: [] });
    expect([...listDependencies(graph, "a")].sort()).toEqual(["b", "c"]);
    expect([...listDependencies(graph, "d")]).toEqual([]);
  });
});

/** A graph that counts how often its edge lists are read: the work a check does, without timing it. */
class CountingGraph extends Map<string, string[]> {
  reads = 0;
  override get(key: string): string[] | undefined {
    this.reads += 1;
    return super.get(key);
  }
}

/** n tracks, each depending on every earlier one: the densest plan the limits allow at n = 500. */
function denseGraph(n: number): CountingGraph {
  const graph = new CountingGraph();
  for (let i = 0; i < n; i += 1)
    graph.set(
      `t${i}`,
      Array.from({ length: i }, (_, j) => `t${j}`),
    );
  return graph;
}

describe("work on a dense graph", () => {
  it("findCycles reads each key's dependencies a bounded number of times, not once per edge", () => {
    const graph = denseGraph(300);
    expect(findCycles(graph)).toEqual([]);
    // Was once per step of the walk (~45,000 reads here, each filtering the whole list).
    expect(graph.reads).toBeLessThanOrEqual(3 * 300);
  });

  it("dependencyReach answers every pair after reading each key's dependencies a bounded number of times", () => {
    const graph = denseGraph(300);
    const dependsOn = dependencyReach(graph);
    const readsToBuild = graph.reads;
    expect(readsToBuild).toBeLessThanOrEqual(5 * 300);
    expect(dependsOn("t299", "t0")).toBe(true);
    expect(dependsOn("t0", "t299")).toBe(false);
    expect(graph.reads).toBe(readsToBuild);
  });
});

describe("dependencyReach", () => {
  it("agrees with listDependencies on graphs with cycles, self-loops and unknown keys", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 50; round += 1) {
      const n = 1 + Math.floor(random() * 40);
      const keys = Array.from({ length: n }, (_, i) => `k${i}`);
      const graph = new Map(
        keys.map((key) => [key, keys.filter(() => random() < 0.08).concat(random() < 0.1 ? ["ghost"] : [])]),
      );
      const dependsOn = dependencyReach(graph);
      for (const from of keys) {
        const expected = listDependencies(graph, from);
        for (const to of [...keys, "ghost"])
          expect(dependsOn(from, to), `${round}: ${from} → ${to}`).toBe(expected.has(to));
      }
    }
  });
});
