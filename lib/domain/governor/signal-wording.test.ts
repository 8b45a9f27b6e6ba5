import { describe, expect, it } from "vitest";
import { describeSignalHeadline } from "./signal-wording";

describe("describeSignalHeadline", () => {
  // The reviewer's "Track A paused (SIGSTOP) by lead: paused by the lead".
  it("says the actor once when the reason only restates it", () => {
    expect(describeSignalHeadline("A", "paused (SIGSTOP)", "lead", "paused by the lead")).toBe(
      "Track A paused (SIGSTOP) by lead",
    );
    expect(describeSignalHeadline("A", "resumed (SIGCONT)", "lead", "resumed by the lead")).toBe(
      "Track A resumed (SIGCONT) by lead",
    );
  });

  it("keeps a reason that says more than who acted", () => {
    expect(describeSignalHeadline("B", "paused (SIGSTOP)", "governor", "Red zone: memory at 91 %")).toBe(
      "Track B paused (SIGSTOP) by governor: Red zone: memory at 91 %",
    );
    expect(describeSignalHeadline("B", "paused (SIGSTOP)", "system", "paused by the lead's budget")).toBe(
      "Track B paused (SIGSTOP) by system: paused by the lead's budget",
    );
  });
});
