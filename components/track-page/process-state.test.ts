import { describe, expect, it } from "vitest";
import { describeProcessState, isStoppedState } from "./process-state";

describe("describeProcessState", () => {
  it("spells out the states a track's processes go through", () => {
    expect(describeProcessState("T")).toBe("T (stopped)");
    expect(describeProcessState("S")).toBe("S (sleeping)");
    expect(describeProcessState("R")).toBe("R (running)");
    expect(describeProcessState("Z")).toBe("Z (zombie)");
    expect(describeProcessState("D")).toBe("D (waiting on I/O)");
  });

  it("keeps an unknown letter and names an empty one", () => {
    expect(describeProcessState("Q")).toBe("Q");
    expect(describeProcessState("")).toBe("unknown");
  });
});

describe("isStoppedState", () => {
  it("is true only for the stopped states", () => {
    expect(isStoppedState("T")).toBe(true);
    expect(isStoppedState("t")).toBe(true);
    expect(isStoppedState("S")).toBe(false);
    expect(isStoppedState("R")).toBe(false);
  });
});
