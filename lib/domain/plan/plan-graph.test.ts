import { describe, expect, it } from "vitest";
import { findCycles, formatCycle, listDependencies } from "./plan-graph";

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
