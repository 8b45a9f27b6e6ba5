import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { buildReportRequest, parseBlockerOption, type ReportCommandOptions, sendReport } from "./report";
import { closedPort, type StubServer, startStubServer } from "./stub-server";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../..");
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");

const none: ReportCommandOptions = { done: [], next: [], blocker: [] };
const env = { PARATRACK_URL: "http://127.0.0.1:3999", PARATRACK_TRACK: "A" };

describe("buildReportRequest", () => {
  it("authorizes with its track's report-only token inside an agent", () => {
    const request = buildReportRequest(
      { track: "B", progress: "5" },
      { ...env, PARATRACK_URL: "http://localhost:3201", PARATRACK_REPORT_TOKEN: "rep0rt" },
    );
    expect("headers" in request && request.headers.authorization).toBe("Bearer rep0rt");
  });

  it("turns the flags into the seed's daily-status fields, posted to the track's report route", () => {
    const request = buildReportRequest(
      {
        track: "B",
        progress: "40",
        status: "at-risk",
        done: ["parser", "tests"],
        next: ["docs"],
        blocker: ["high:waiting for API keys|ask ops", "low:flaky CI"],
        lesson: ["spec first saved a day"],
        url: "http://localhost:3201/",
      },
      { ...env, PARATRACK_TOKEN: "s3cret", PARATRACK_AGENT: "coder" },
    );
    expect(request).toEqual({
      url: "http://localhost:3201/api/tracks/B/report",
      headers: {
        "content-type": "application/json",
        "x-paratrack-source": "cli",
        authorization: "Bearer s3cret",
      },
      body: {
        track: "B",
        agent: "coder",
        progress_percent: 40,
        status: "at-risk",
        completed_today: ["parser", "tests"],
        planned_tomorrow: ["docs"],
        blockers: [
          { blocker: "waiting for API keys", severity: "high", resolution_plan: "ask ops" },
          { blocker: "flaky CI", severity: "low", resolution_plan: null },
        ],
        lessons: ["spec first saved a day"],
      },
    });
  });

  it("takes the track and server from PARATRACK_TRACK and PARATRACK_URL, and sends no token when none is set", () => {
    const request = buildReportRequest({ ...none, progress: "12.5%" }, env);
    expect(request).toMatchObject({
      url: "http://127.0.0.1:3999/api/tracks/A/report",
      body: { track: "A", progress_percent: 12.5 },
    });
    expect(request).not.toHaveProperty("headers.authorization");
  });

  it.each([
    [{ ...none, progress: "140" }, env, '--progress: expected a number from 0 to 100, got "140"'],
    [{ ...none, progress: "-1" }, env, "--progress: expected a number from 0 to 100"],
    [{ ...none, progress: "lots" }, env, "--progress: expected a number from 0 to 100"],
    [{ ...none, status: "great" }, env, '--status: expected one of on-track, at-risk, blocked, got "great"'],
    [{ ...none, blocker: ["urgent:db down"] }, env, "with severity critical, high, medium, low"],
    [{ ...none, blocker: ["high:  "] }, env, "the blocker's text is empty"],
    [{ ...none, done: ["  "] }, env, "completed_today[0]: must not be empty"],
    [{ ...none }, env, "nothing to report"],
    [{ ...none, progress: "5" }, { PARATRACK_URL: env.PARATRACK_URL }, "no track"],
    [{ ...none, progress: "5", url: "ftp://x" }, env, "expected an http(s) URL"],
  ])("refuses bad input before sending: %j", (options, environment, message) => {
    const request = buildReportRequest(options, environment);
    expect(request).toHaveProperty("error");
    expect((request as { error: string }).error).toContain(message);
  });

  it("finds its server as the other commands do: --url, else PARATRACK_URL, else 127.0.0.1 on PORT", () => {
    const track = { PARATRACK_TRACK: "A" };
    expect(buildReportRequest({ ...none, progress: "5" }, { ...track, PORT: "4123" })).toHaveProperty(
      "url",
      "http://127.0.0.1:4123/api/tracks/A/report",
    );
    expect(buildReportRequest({ ...none, progress: "5" }, track)).toHaveProperty(
      "url",
      "http://127.0.0.1:3000/api/tracks/A/report",
    );
    expect(buildReportRequest({ ...none, progress: "5" }, { ...env, PORT: "4123" })).toHaveProperty(
      "url",
      "http://127.0.0.1:3999/api/tracks/A/report",
    );
  });

  it("names a bad argument before anything about the server", () => {
    for (const environment of [{ PARATRACK_TRACK: "A" }, env])
      expect(buildReportRequest({ ...none, progress: "140", url: "not a url" }, environment)).toEqual({
        error: '--progress: expected a number from 0 to 100, got "140"',
      });
  });

  it("parses blockers as severity:text with an optional |resolution plan", () => {
    expect(parseBlockerOption("Critical: OOM on track B | lower the batch")).toEqual({
      blocker: "OOM on track B",
      severity: "critical",
      resolution_plan: "lower the batch",
    });
    expect(parseBlockerOption("no severity here")).toHaveProperty("error");
  });
});

describe("sending a report", () => {
  let stub: StubServer;
  let base = "";
  let requests: StubServer["requests"] = [];

  beforeAll(async () => {
    stub = await startStubServer();
    base = stub.base;
    requests = stub.requests;
  });
  afterAll(() => stub.close());
  beforeEach(() => {
    requests.length = 0;
  });

  it("paratrack report POSTs the fields with the CLI's source header and the token", {
    timeout: 60_000,
  }, async () => {
    stub.reply = {
      status: 200,
      body: { key: "A", status: "running", progress: 40, reportStatus: "on-track" },
    };
    const { stdout } = await execFileAsync(
      tsx,
      [
        "bin/paratrack.ts",
        "report",
        "--progress",
        "40",
        "--status",
        "on-track",
        "--done",
        "wrote the parser",
        "--next",
        "tests",
        "--blocker",
        "medium:slow CI",
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, PARATRACK_URL: base, PARATRACK_TRACK: "A", PARATRACK_TOKEN: "t0k" },
      },
    );
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request).toMatchObject({ method: "POST", url: "/api/tracks/A/report" });
    expect(request!.headers["x-paratrack-source"]).toBe("cli");
    expect(request!.headers.authorization).toBe("Bearer t0k");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request!.body)).toEqual({
      track: "A",
      progress_percent: 40,
      status: "on-track",
      completed_today: ["wrote the parser"],
      planned_tomorrow: ["tests"],
      blockers: [{ blocker: "slow CI", severity: "medium", resolution_plan: null }],
    });
    expect(stdout).toContain("Reported to track A: running, 40%, on-track");
  });

  it("exits 1 and prints the server's error when it refuses the report", async () => {
    stub.reply = { status: 404, body: { error: 'no track "Z" in the current run' } };
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const code = await sendReport({ ...none, track: "Z", progress: "10", url: base }, {});
      expect(code).toBe(1);
      expect(requests).toHaveLength(1);
      expect(errors).toHaveBeenCalledWith(
        'paratrack report: the server refused the report (404): no track "Z" in the current run',
      );
    } finally {
      errors.mockRestore();
    }
  });

  it("exits 2 and sends nothing on bad input", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await sendReport({ ...none, track: "A", progress: "140", url: base }, {})).toBe(2);
      expect(await sendReport({ ...none, track: "A", blocker: ["severe:x"], url: base }, {})).toBe(2);
      expect(requests).toHaveLength(0);
      expect(errors.mock.calls[0]?.[0]).toContain("--progress: expected a number from 0 to 100");
    } finally {
      errors.mockRestore();
    }
  });

  it("exits 2 when the server cannot be reached", async () => {
    const port = await closedPort();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const code = await sendReport(
        { ...none, track: "A", progress: "1", url: `http://127.0.0.1:${port}` },
        {},
      );
      expect(code).toBe(2);
      expect(errors.mock.calls[0]?.[0]).toContain("cannot reach");
      expect(errors.mock.calls[0]?.[0]).toContain("ECONNREFUSED");
    } finally {
      errors.mockRestore();
    }
  });
});
