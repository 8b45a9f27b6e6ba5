// The overview's critical blockers: a list in a titled region; only one raised while the page is open is announced.
import { describe, expect, it } from "vitest";
import { describeNewCritical, noticeNewCritical } from "./critical-blockers-card";

const staging = {
  id: 1,
  trackKey: "X",
  blocker: "the staging database is down",
  raisedAt: "2026-01-01T10:00:00Z",
};
const vpn = { id: 2, trackKey: "Y", blocker: "the VPN is down", raisedAt: "2026-01-01T10:05:00Z" };

describe("noticeNewCritical", () => {
  it("announces nothing of what the page shows when it loads", () => {
    const first = noticeNewCritical(null, [staging]);
    expect(first.fresh).toEqual([]);
    expect([...first.seen]).toHaveLength(1);
  });

  it("announces a critical blocker raised since, once", () => {
    const first = noticeNewCritical(null, [staging]);
    const second = noticeNewCritical(first.seen, [staging, vpn]);
    expect(second.fresh).toEqual([vpn]);
    expect(noticeNewCritical(second.seen, [staging, vpn]).fresh).toEqual([]);
  });

  it("keeps the same seen set when nothing is new (no re-render, no re-announcement)", () => {
    const first = noticeNewCritical(null, [staging]);
    expect(noticeNewCritical(first.seen, [staging]).seen).toBe(first.seen);
    expect(noticeNewCritical(first.seen, []).fresh).toEqual([]);
  });

  it("tells a new run's blocker #1 from the last run's (ids start again)", () => {
    const first = noticeNewCritical(null, [staging]);
    const nextRun = { ...staging, blocker: "no disk left", raisedAt: "2026-01-02T09:00:00Z" };
    expect(noticeNewCritical(first.seen, [nextRun]).fresh).toEqual([nextRun]);
  });
});

describe("describeNewCritical", () => {
  it("names the track and the blocker", () => {
    expect(describeNewCritical([vpn])).toBe("New critical blocker on track Y: the VPN is down.");
  });
});
