import { describe, expect, it } from "vitest";
import type { AgentView } from "@/lib/domain/views";
import { describeTrackTimes } from "./track-times";

const clock = (iso: string) => iso.slice(11, 19);
const agent = (attempt: number, startedAt: string) => ({ attempt, startedAt }) as AgentView;

describe("describeTrackTimes", () => {
  it("starts a requeued track when its first attempt started, as the Gantt and the retrospective do", () => {
    const times = describeTrackTimes(
      {
        attempts: 2,
        startedAt: "2026-12-07T01:43:21.927Z",
        endedAt: "2026-12-07T01:44:35.014Z",
        agents: [agent(2, "2026-12-07T01:43:21.927Z"), agent(1, "2026-12-07T01:42:15.604Z")],
      },
      clock,
    );
    expect(times).toEqual({
      started: "01:42:15",
      latestAttempt: "attempt 2 from 01:43:21",
      ended: "01:44:35 (attempt 2 ran 1m 13s)",
    });
  });

  it("says nothing of attempts for a track that ran once", () => {
    const times = describeTrackTimes(
      {
        attempts: 1,
        startedAt: "2026-12-07T01:42:15.000Z",
        endedAt: "2026-12-07T01:43:21.000Z",
        agents: [agent(1, "2026-12-07T01:42:15.000Z")],
      },
      clock,
    );
    expect(times).toEqual({ started: "01:42:15", latestAttempt: null, ended: "01:43:21 (ran 1m 6s)" });
  });

  it("has no start or end before the track has run", () => {
    expect(describeTrackTimes({ attempts: 0, startedAt: null, endedAt: null, agents: [] }, clock)).toEqual({
      started: null,
      latestAttempt: null,
      ended: null,
    });
  });
});
