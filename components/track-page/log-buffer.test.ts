import { describe, expect, it } from "vitest";
import type { LogLine } from "@/lib/domain/views";
import { dropOverlap, isDirectiveLine } from "./log-buffer";

const line = (agent: string, text: string): LogLine => ({
  trackKey: "A",
  agent,
  stream: "stdout",
  line: text,
  at: "2025-01-01T00:00:00.000Z",
});

describe("dropOverlap", () => {
  it("drops live lines the tail already ends with", () => {
    const tail = [line("a", "one"), line("a", "two"), line("a", "three")];
    const live = [line("a", "two"), line("a", "three"), line("a", "four")];
    expect(dropOverlap(tail, live).map((l) => l.line)).toEqual(["four"]);
  });

  it("keeps every live line when there is no overlap", () => {
    const tail = [line("a", "one"), line("a", "two")];
    const live = [line("a", "three"), line("a", "four")];
    expect(dropOverlap(tail, live).map((l) => l.line)).toEqual(["three", "four"]);
  });

  it("matches per agent, keeping the live order", () => {
    const tail = [line("a", "a1"), line("a", "a2"), line("b", "b1")];
    const live = [line("b", "b1"), line("a", "a3"), line("b", "b2")];
    expect(dropOverlap(tail, live).map((l) => `${l.agent}:${l.line}`)).toEqual(["a:a3", "b:b2"]);
  });

  it("does not drop a line that only appears earlier in the tail", () => {
    const tail = [line("a", "x"), line("a", "y")];
    const live = [line("a", "x"), line("a", "z")];
    expect(dropOverlap(tail, live).map((l) => l.line)).toEqual(["x", "z"]);
  });

  it("returns all live lines for an empty tail", () => {
    const live = [line("a", "x")];
    expect(dropOverlap([], live)).toEqual(live);
  });
});

describe("isDirectiveLine", () => {
  it("recognises the agent protocol's lines", () => {
    expect(isDirectiveLine("::progress 40")).toBe(true);
    expect(isDirectiveLine("  ::done wrote the API")).toBe(true);
    expect(isDirectiveLine("compiling: a::b")).toBe(false);
    expect(isDirectiveLine(":single colon")).toBe(false);
  });
});
