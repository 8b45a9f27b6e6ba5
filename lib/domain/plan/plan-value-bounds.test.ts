// Values of the right shape but out of bounds: a duration of nothing or of ages, a hysteresis wider than a zone.
import { describe, expect, it } from "vitest";
import { errorsOf, messageAt } from "./plan-fixtures";
import { validatePlan } from "./plan-validate";

const TRACK = ["name: x", "tracks:", "  - key: a", "    command: run"];

describe("plan mistakes: a duration of nothing or of ages", () => {
  it.each([
    ["0m", "must be more than 0: leave duration out when it is not known"],
    ["0-0h", "must be more than 0: leave duration out when it is not known"],
    ["366d", "must be at most 365 days: split a longer piece of work into tracks"],
    ["99999999999999999999d", "must be at most 365 days: split a longer piece of work into tracks"],
  ])("duration: %s is refused", (duration, expected) => {
    expect(messageAt(errorsOf([...TRACK, `    duration: ${duration}`]), "tracks[0].duration")).toBe(expected);
  });

  it.each(["0-2h", "52w", "365d"])("duration: %s is taken", (duration) => {
    const plan = [...TRACK, `    duration: ${duration}`].join("\n");
    expect(
      validatePlan(plan, { fileName: "plan.yaml", baseDir: "/plans", effectiveTotalBytes: null }),
    ).toMatchObject({
      ok: true,
    });
  });
});

it("zone hysteresis is bounded as ZONE_HYSTERESIS is (0–10 points)", () => {
  const plan = ["name: x", "ram: { zones: { hysteresis: 50 } }", "tracks:", "  - key: a", "    command: run"];
  expect(messageAt(errorsOf(plan), "ram.zones.hysteresis")).toBe("must be a number of points from 0 to 10");
});
