import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeTrackView } from "../../lib/domain/view-fixtures";
import type { TrackView } from "../../lib/domain/views";
import { alignColumns, type CurrentRun, formatStatusTable, showStatus, statusBaseUrl } from "./status";

function track(partial: Partial<TrackView> & { key: string }): TrackView {
  return makeTrackView(partial.key, partial);
}

const run: CurrentRun = {
  id: "r1",
  name: "Demo",
  status: "running",
  phase: 1,
  startedAt: "2025-01-01T12:00:00.000Z",
  endedAt: null,
  budgetBytes: 2.4e9,
  trackCount: 3,
  tracks: [
    track({
      key: "A",
      name: "Model Orchestrator Tool Agent",
      progress: 40,
      reportStatus: "on-track",
      currentBytes: 412e6,
      peakBytes: 520e6,
      modelInForce: "codellama:34b",
    }),
    track({
      key: "B",
      name: "Framework Development Agent",
      status: "paused",
      pausedBy: "governor",
      pauseReason: "Red zone: pausing B",
    }),
    track({ key: "C", status: "ready", waitReason: "Orange zone: waiting for room" }),
    track({ key: "D", status: "pending", dependsOn: ["A", "C"] }),
  ],
};

describe("formatStatusTable", () => {
  it("prints the run's headline and one aligned row per track", () => {
    const lines = formatStatusTable(run, Date.parse("2025-01-01T12:03:05.000Z"));
    expect(lines).toEqual([
      'Run "Demo" running, for 3m 5s, RAM budget 2.40 GB',
      "TRACK  NAME                           STATUS             PROGRESS      RAM     PEAK    MODEL          NOTE",
      "A      Model Orchestrator Tool Agent  running            40% on-track  412 MB  520 MB  codellama:34b",
      "B      Framework Development Agent    paused (governor)  0%            -       -       -              Red zone: pausing B",
      "C      Track C                        ready              0%            -       -       -              Orange zone: waiting for room",
      "D      Track D                        pending            0%            -       -       -              waits for A, C",
    ]);
  });

  it("notes a track's most severe open blocker, not its last listed one", () => {
    const blocked = track({
      key: "E",
      blockers: [
        { blocker: "flaky CI", severity: "high" },
        { blocker: "typo in README", severity: "low" },
        { blocker: "slow build", severity: "medium" },
      ],
    });
    const [, , row] = formatStatusTable({ ...run, tracks: [blocked] }, Date.parse(run.startedAt));
    expect(row).toMatch(/ blocker \(high\): flaky CI \(\+2 more\)$/);
    const critical = track({
      key: "F",
      blockers: [
        { blocker: "disk full", severity: "critical" },
        { blocker: "typo", severity: "low" },
      ],
    });
    expect(formatStatusTable({ ...run, tracks: [critical] }, 0)[2]).toMatch(
      / blocker \(critical\): disk full \(\+1 more\)$/,
    );
    const one = track({ key: "G", blockers: [{ blocker: "typo", severity: "low" }] });
    expect(formatStatusTable({ ...run, tracks: [one] }, 0)[2]).toMatch(/ blocker \(low\): typo$/);
  });

  it("says how long an ended run took", () => {
    const ended = { ...run, status: "completed" as const, endedAt: "2025-01-01T12:10:00.000Z", tracks: [] };
    expect(formatStatusTable(ended, Date.parse("2025-01-02T00:00:00.000Z"))[0]).toBe(
      'Run "Demo" completed, took 10m, RAM budget 2.40 GB',
    );
  });

  it("reads from --url, else PARATRACK_URL, else this machine's port", () => {
    expect(statusBaseUrl("http://h:1/", { PARATRACK_URL: "http://x" })).toBe("http://h:1");
    expect(statusBaseUrl(undefined, { PARATRACK_URL: "http://x:2" })).toBe("http://x:2");
    expect(statusBaseUrl(undefined, { PORT: "3201" })).toBe("http://127.0.0.1:3201");
    expect(statusBaseUrl(undefined, {})).toBe("http://127.0.0.1:3000");
  });
});

describe("showStatus against a server", () => {
  let server: Server;
  let base = "";
  let answer: { status: number; body: unknown } = { status: 200, body: run };
  const paths: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? "");
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("GETs the current run and prints the table, or the JSON with --json", async () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      answer = { status: 200, body: run };
      expect(await showStatus({ url: base }, {})).toBe(0);
      expect(paths.at(-1)).toBe("/api/runs/current");
      expect(out.mock.calls.map((c) => c[0])).toContain(
        "A      Model Orchestrator Tool Agent  running            40% on-track  412 MB  520 MB  codellama:34b",
      );
      out.mockClear();
      expect(await showStatus({ url: base, json: true }, {})).toBe(0);
      expect(JSON.parse(String(out.mock.calls[0]?.[0]))).toEqual(run);
    } finally {
      out.mockRestore();
    }
  });

  it("exits 1 with the server's message when there is no run", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      answer = { status: 404, body: { error: "no run has started yet" } };
      expect(await showStatus({}, { PARATRACK_URL: base })).toBe(1);
      expect(errors).toHaveBeenCalledWith("paratrack status: no run has started yet (404)");
    } finally {
      errors.mockRestore();
    }
  });
});

it("shows an agent's control characters in the NOTE column instead of letting the terminal obey them", () => {
  expect(alignColumns(["NOTE"], [["\u001b]0;PWNED\u0007 blocked"]])[1]).toBe("^[]0;PWNED^G blocked");
});
