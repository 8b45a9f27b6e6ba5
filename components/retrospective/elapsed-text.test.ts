import { describe, expect, it } from "vitest";
import { elapsedText } from "./retrospective-page";

describe("elapsedText", () => {
  it("sets an ended run's elapsed time against the completed tracks' running time", () => {
    expect(elapsedText(true, 150_000, 300_000)).toBe(
      "elapsed 2m 30s for 5m of the completed tracks' running time",
    );
  });

  it("while the run goes on, says only what is done so far (not '0s of the completed tracks' running time')", () => {
    expect(elapsedText(false, 149_000, 0)).toBe("elapsed 2m 29s so far");
    expect(elapsedText(false, 149_000, 60_000)).toBe(
      "elapsed 2m 29s so far; the tracks completed so far ran 1m",
    );
  });
});
