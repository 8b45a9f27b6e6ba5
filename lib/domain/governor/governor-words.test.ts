// The Orange alert names only the steps Orange can take with the tracks running now.
import { describe, expect, it } from "vitest";
import { makeInput, makeRunning, makeTrack } from "./governor-fixtures";
import { describeAlert } from "./governor-words";

const onLocalModel = { model: { local: "llama3:70b", cloud: "claude-sonnet" }, modelInForce: "llama3:70b" };

describe("describeAlert in Orange", () => {
  it.each([
    {
      name: "a local-model track and another non-critical one",
      tracks: [makeRunning("A", 2, onLocalModel), makeRunning("B", 1)],
      steps: "swapping large local models to cloud and deferring non-critical work",
    },
    {
      name: "only the local-model track runs",
      tracks: [makeRunning("A", 2, onLocalModel), makeTrack("C")],
      steps: "swapping large local models to cloud",
    },
    {
      name: "no local models (the demo)",
      tracks: [makeRunning("A", 2), makeRunning("B", 1, { priority: "low" })],
      steps: "deferring non-critical work (pausing one track at a time while use keeps rising)",
    },
    {
      name: "a local model already swapped to cloud",
      tracks: [makeRunning("A", 2, { ...onLocalModel, modelInForce: "claude-sonnet" }), makeRunning("B", 1)],
      steps: "deferring non-critical work (pausing one track at a time while use keeps rising)",
    },
    {
      name: "a local model without a cloud model",
      tracks: [
        makeRunning("A", 2, { model: { local: "llama3:70b", cloud: null }, modelInForce: "llama3:70b" }),
      ],
      steps: "deferring non-critical work (pausing one track at a time while use keeps rising)",
    },
    {
      name: "only critical tracks without local models",
      tracks: [makeRunning("A", 2, { priority: "critical" })],
      steps: "every running track is critical and none has a local model to swap to cloud, so none is paused",
    },
    {
      name: "nothing running",
      tracks: [makeTrack("C")],
      steps: "no track runs, so there is nothing to swap or pause",
    },
  ])("$name: $steps", ({ tracks, steps }) => {
    expect(describeAlert(makeInput(78, tracks))).toBe(
      `Orange zone (78.0 % ≥ 75 %): admission stopped; ${steps}`,
    );
  });

  it("still says that manual mode takes no action", () => {
    expect(describeAlert(makeInput(78, [makeRunning("A", 2)], { enabled: false }))).toMatch(
      /deferring non-critical work .*; governor in manual mode: no automatic action$/,
    );
  });
});
