// `paratrack track`: what it asks the server (method, path, body, token) and what it prints and returns for each
// kind of answer. A stub server records the requests; e2e/tracks.spec.ts drives the real one.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { makeTrackView } from "../../lib/domain/view-fixtures";
import { STOP_GRACE_MS } from "../../lib/engine/run/lead-actions";
import { askServer } from "./ask-server";
import { closedPort, type StubServer, startStubServer } from "./stub-server";
import { actOnTrack, describeTrack, formatLogLine, LEAD_ACTION_TIMEOUT_MS, showTrackLogs } from "./track";

let stub: StubServer;
let base = "";
let seen: StubServer["requests"] = [];

beforeAll(async () => {
  stub = await startStubServer();
  base = stub.base;
  seen = stub.requests;
});
afterAll(() => stub.close());
beforeEach(() => {
  seen.length = 0;
  stub.reply = { status: 200, body: {} };
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => out.push(line));
  vi.spyOn(console, "error").mockImplementation((line: string) => err.push(line));
  return { out, err, restore: () => vi.restoreAllMocks() };
}

describe("paratrack track <action>", () => {
  it("posts the lead's action with the token, and prints the track as the server then has it", async () => {
    stub.reply = {
      status: 200,
      body: makeTrackView("A", {
        status: "paused",
        pausedBy: "lead",
        pauseReason: "paused by the lead, memory freed: its agents ended; resuming starts them again",
        attempts: 2,
      }),
    };
    const io = capture();
    const code = await actOnTrack("pause", "A", { url: base, freeMemory: true }, { PARATRACK_TOKEN: "t0k" });
    io.restore();
    expect(code).toBe(0);
    expect(seen).toMatchObject([
      {
        method: "POST",
        url: "/api/tracks/A/pause",
        headers: { authorization: "Bearer t0k", "content-type": "application/json" },
        body: '{"mode":"free-memory"}',
      },
    ]);
    expect(io.out).toEqual([
      "Track A: paused by the lead, memory freed: its agents ended; resuming starts them again; attempt 2",
    ]);
    // --start-over asks for it when an agent cannot resume (the server refuses otherwise).
    const again = capture();
    expect(await actOnTrack("pause", "A", { url: base, freeMemory: true, startOver: true }, {})).toBe(0);
    expect(await actOnTrack("pause", "A", { url: base, startOver: true }, {})).toBe(1);
    again.restore();
    expect(seen[1]?.body).toBe('{"mode":"free-memory","startOver":true}');
    expect(seen).toHaveLength(2);
    expect(again.err).toEqual(["paratrack track pause: --start-over goes with pause --free-memory only"]);
  });

  it("says the server's refusal and returns 1; an unreachable server returns 2; --free-memory only pauses", async () => {
    stub.reply = { status: 409, body: { error: "cannot resume a track that is running" } };
    const io = capture();
    expect(await actOnTrack("resume", "a b/c", { url: base }, {})).toBe(1);
    expect(seen[0]).toMatchObject({ url: "/api/tracks/a%20b%2Fc/resume", body: "{}" });
    expect(seen[0]?.headers.authorization).toBeUndefined();
    const closed = await closedPort();
    expect(await actOnTrack("stop", "A", { url: `http://127.0.0.1:${closed}` }, {})).toBe(2);
    expect(await actOnTrack("restart", "A", { url: base, freeMemory: true }, {})).toBe(1);
    io.restore();
    expect(seen).toHaveLength(1);
    expect(io.err).toEqual([
      "paratrack track resume: cannot resume a track that is running (409)",
      `paratrack track stop: cannot reach http://127.0.0.1:${closed}/api/tracks/A/stop: nothing listens there (is the server running? PARATRACK_URL or --url names another?) (ECONNREFUSED)`,
      "paratrack track restart: --free-memory is for pause only",
    ]);
  });

  it("waits for a stop as long as the server's can take; a question without an answer in time says so", async () => {
    // A stop answers once the agents have ended: an agent ignoring SIGTERM takes the grace, then the SIGKILL's wait.
    expect(LEAD_ACTION_TIMEOUT_MS).toBeGreaterThan(STOP_GRACE_MS + 5_000);
    stub.reply = { status: 200, body: {}, delayMs: 1_000 };
    expect(await askServer(`${base}/api/tracks/A/stop`, { method: "POST" }, 100)).toEqual({
      kind: "unreachable",
      reason: "no answer within 0.1 s (the server may still carry it out: see paratrack status)",
    });
    expect(await askServer(`${base}/api/status`, {}, 100)).toEqual({
      kind: "unreachable",
      reason: "no answer within 0.1 s",
    });
  });

  it("says another program answered, not its HTML page, when something else listens at the URL (exit 2)", async () => {
    const page = "<!DOCTYPE HTML>\n<html><body><h1>Error response</h1><p>Error code: 501</p></body></html>";
    stub.reply = { status: 501, body: page, contentType: "text/html;charset=utf-8" };
    const io = capture();
    expect(await actOnTrack("pause", "A", { url: base }, {})).toBe(2);
    stub.reply = { status: 200, body: page, contentType: "text/html" };
    expect(await actOnTrack("pause", "A", { url: base }, {})).toBe(2);
    io.restore();
    expect(io.err).toEqual([
      `paratrack track pause: cannot reach ${base}/api/tracks/A/pause: ${base} answered HTTP 501 with text/html, not Paratrack's JSON: another program on that port, or a Paratrack without this route`,
      `paratrack track pause: cannot reach ${base}/api/tracks/A/pause: ${base} answered HTTP 200 with text/html, not Paratrack's JSON: another program on that port, or a Paratrack without this route`,
    ]);
  });

  it("describes a running track with what it waits for, and a pause without a reason by who paused it", () => {
    expect(describeTrack(makeTrackView("B", { status: "ready", waitReason: "waiting for memory" }))).toBe(
      "Track B: ready (waiting for memory); attempt 1",
    );
    expect(describeTrack(makeTrackView("B", { status: "paused", pausedBy: "governor", attempts: 1 }))).toBe(
      "Track B: paused by the governor; attempt 1",
    );
  });
});

describe("paratrack track logs", () => {
  it("asks for the tail and attempt given and prints one line per log line, the stream when not stdout", async () => {
    stub.reply = {
      status: 200,
      body: [
        { trackKey: "A", agent: "coder", stream: "stdout", line: "tick 9", at: "2026-12-06T09:54:59.120Z" },
        {
          trackKey: "A",
          agent: "coder",
          stream: "stderr",
          line: "warn: slow",
          at: "2026-12-06T09:55:00.004Z",
        },
      ],
    };
    const io = capture();
    const code = await showTrackLogs("A", { url: base, tail: "2", attempt: "1" }, {});
    io.restore();
    expect(code).toBe(0);
    expect(seen[0]).toMatchObject({ method: "GET", url: "/api/tracks/A/logs?tail=2&attempt=1" });
    // Local time, as the dashboard shows it.
    const local = (at: string) => new Date(at).toTimeString().slice(0, 8);
    expect(io.out).toEqual([
      `${local("2026-12-06T09:54:59.120Z")} coder tick 9`,
      `${local("2026-12-06T09:55:00.004Z")} coder [stderr] warn: slow`,
    ]);
    expect(
      formatLogLine({
        trackKey: "A",
        agent: "x",
        stream: "system",
        line: "started",
        at: "2026-12-06T10:00:00Z",
      }),
    ).toBe(`${local("2026-12-06T10:00:00Z")} x [system] started`);
  });

  it("says a track that has not started yet has no log (stderr, exit 0), and prints nothing for a started one's empty log", async () => {
    let track = makeTrackView("gamma", { status: "pending", attempts: 0 });
    stub.reply = (request) =>
      request.url.includes("/logs") ? { status: 200, body: [] } : { status: 200, body: track };
    const io = capture();
    const pending = await showTrackLogs("gamma", { url: base }, {});
    const json = await showTrackLogs("gamma", { url: base, json: true }, {});
    track = makeTrackView("gamma", { status: "running", attempts: 1 });
    const started = await showTrackLogs("gamma", { url: base }, {});
    io.restore();
    expect([pending, json, started]).toEqual([0, 0, 0]);
    expect(seen.map((r) => r.url)).toEqual([
      "/api/tracks/gamma/logs",
      "/api/tracks/gamma",
      "/api/tracks/gamma/logs",
      "/api/tracks/gamma",
      "/api/tracks/gamma/logs",
      "/api/tracks/gamma",
    ]);
    expect(io.out).toEqual(["[]"]);
    expect(io.err).toEqual([
      "paratrack track logs: track gamma has not started yet (pending), so it has no log",
      "paratrack track logs: track gamma has not started yet (pending), so it has no log",
    ]);
  });

  it("refuses a --tail or --attempt the route would refuse as a usage error (exit 2), asking nothing", async () => {
    const io = capture();
    const codes = [
      await showTrackLogs("A", { url: base, tail: "0" }, {}),
      await showTrackLogs("A", { url: base, tail: "6000", follow: true }, {}),
      await showTrackLogs("A", { url: `http://127.0.0.1:${await closedPort()}`, attempt: "abc" }, {}),
    ];
    io.restore();
    expect(codes).toEqual([2, 2, 2]);
    expect(seen).toEqual([]);
    expect(io.err).toEqual([
      'paratrack track logs: --tail: tail must be an integer from 1 to 5000, got "0"',
      'paratrack track logs: --tail: tail must be an integer from 1 to 5000, got "6000"',
      'paratrack track logs: --attempt: attempt must be a number, got "abc"',
    ]);
  });
});
