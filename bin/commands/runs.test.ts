// `paratrack runs list|delete`: what they ask the server, what they print, and their exit codes. The route itself is
// tested against a real engine (app/api/runs/[id]/route.test.ts).
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { deleteRuns, formatRunsTable, listRuns } from "./runs";
import { type StubServer, startStubServer } from "./stub-server";

let stub: StubServer;
beforeAll(async () => {
  stub = await startStubServer();
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
});

async function printed(run: () => Promise<number>): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: string) => out.push(line));
  const error = vi.spyOn(console, "error").mockImplementation((line: string) => err.push(line));
  try {
    return { code: await run(), out, err };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

it("deletes each run with a JSON DELETE and the lead's token, saying what went", async () => {
  stub.reply = { status: 200, body: { runId: "r1", name: "nightly", tracks: 3, logBytes: 5 * 1024 * 1024 } };
  const result = await printed(() =>
    deleteRuns(["r1", "r2"], { url: stub.base }, { PARATRACK_TOKEN: "t0ken" }),
  );
  expect(result).toEqual({
    code: 0,
    out: [
      'Deleted run "nightly" (r1): 3 tracks, 5 MB of agent logs',
      'Deleted run "nightly" (r2): 3 tracks, 5 MB of agent logs',
    ],
    err: [],
  });
  expect(
    stub.requests.map((r) => [r.method, r.url, r.headers["content-type"], r.headers.authorization]),
  ).toEqual([
    ["DELETE", "/api/runs/r1", "application/json", "Bearer t0ken"],
    ["DELETE", "/api/runs/r2", "application/json", "Bearer t0ken"],
  ]);
});

it("exits 1 with the server's reason when a run is refused", async () => {
  stub.reply = { status: 409, body: { error: 'run "slow" is still running: stop it first, then delete it' } };
  const result = await printed(() => deleteRuns(["r9"], { url: stub.base }, {}));
  expect(result).toEqual({
    code: 1,
    out: [],
    err: ['paratrack runs delete r9: run "slow" is still running: stop it first, then delete it (409)'],
  });
});

it("lists the runs with their ids, and exits 2 when no server answers", async () => {
  stub.reply = {
    status: 200,
    body: [
      {
        id: "3f2a",
        name: "nightly",
        status: "completed",
        phase: 5,
        startedAt: "2026-12-05T08:00:00.000Z",
        endedAt: "2026-12-06T10:30:00.000Z",
        budgetBytes: null,
        trackCount: 4,
      },
    ],
  };
  const listed = await printed(() => listRuns({ url: stub.base }, {}));
  expect(listed.code).toBe(0);
  expect(listed.out).toEqual([
    expect.stringMatching(/^ID {2,}STATUS {2,}STARTED/),
    expect.stringMatching(/^3f2a {2}completed {1,}2026-12-05 08:00 {2}.+ 4 tracks {2}nightly$/),
  ]);
  const down = await printed(() => listRuns({ url: "http://127.0.0.1:9" }, {}));
  expect(down.code).toBe(2);
});

it("heads the list with its columns, aligned with the rows as paratrack status does", () => {
  const run = {
    phase: 5,
    budgetBytes: null,
    startedAt: "2026-12-05T08:00:00.000Z",
  };
  const lines = formatRunsTable([
    { ...run, id: "3f2a", name: "nightly", status: "running", endedAt: null, trackCount: 1 },
    {
      ...run,
      id: "cm4zq0b1x0000",
      name: "weekly",
      status: "completed",
      endedAt: "2026-12-05T08:45:00.000Z",
      trackCount: 12,
    },
  ]);
  expect(lines[0]).toMatch(/^ID +STATUS +STARTED +LENGTH +TRACKS +NAME$/);
  // Each column starts where its heading does.
  for (const heading of ["STATUS", "STARTED", "LENGTH", "TRACKS", "NAME"]) {
    const at = lines[0]!.indexOf(heading);
    expect(lines[1]![at - 1]).toBe(" ");
    expect(lines[1]![at]).not.toBe(" ");
    expect(lines[2]![at]).not.toBe(" ");
  }
  expect(lines.slice(1)).toEqual([
    expect.stringMatching(/^3f2a +running +2026-12-05 08:00 +- +1 track +nightly$/),
    expect.stringMatching(/^cm4zq0b1x0000 +completed +2026-12-05 08:00 +45m\S* +12 tracks +weekly$/),
  ]);
});
