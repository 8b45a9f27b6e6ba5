// `paratrack stop`: what it asks the server, and its exit codes (0 asked, 1 refused, 2 bad flags or unreachable).
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { stopServer } from "./stop";
import { type StubServer, startStubServer } from "./stub-server";

let stub: StubServer;

beforeAll(async () => {
  stub = await startStubServer();
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
});

/** The server's answers: its health (with `role`, when given), and the stop's. */
function replies(role: "owner" | "viewer" | null, agents: "detach" | "stop") {
  return (request: { url: string }) =>
    request.url === "/api/health"
      ? { status: 200, body: { ok: true, version: "1", instanceId: "i", ...(role ? { role } : {}) } }
      : { status: 200, body: { stopping: true, agents } };
}

it("asks the server to stop with the lead's choice for the agents", async () => {
  stub.reply = replies(null, "stop");
  const out: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: string) => out.push(line));
  try {
    expect(await stopServer({ url: stub.base, endAgents: true }, {})).toBe(0);
  } finally {
    log.mockRestore();
  }
  expect(stub.requests).toMatchObject([
    { method: "GET", url: "/api/health" },
    { method: "POST", url: "/api/server/stop", body: '{"agents":"stop"}' },
  ]);
  expect(out).toEqual(["The server is stopping and ending its agents"]);
});

it("says of a viewer that it ran no agents, whatever was asked for them (a viewer only serves pages)", async () => {
  for (const [flags, agents] of [
    [{ endAgents: true }, "stop"],
    [{ detach: true }, "detach"],
  ] as const) {
    stub.reply = replies("viewer", agents);
    const out: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => out.push(line));
    try {
      expect(await stopServer({ url: stub.base, ...flags }, {})).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/only served pages \(a viewer\): it ran no agents/);
    expect(out[0]).not.toMatch(/ending its agents|re-attached/);
  }
  // An owner is told as before.
  stub.reply = replies("owner", "detach");
  const out: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: string) => out.push(line));
  try {
    expect(await stopServer({ url: stub.base, detach: true }, {})).toBe(0);
  } finally {
    log.mockRestore();
  }
  expect(out).toEqual([
    "The server is stopping; its agents keep running and are re-attached at the next start",
  ]);
});

it("exits 2 on --detach with --end-agents, a usage error as the CLI's others, asking nothing", async () => {
  const errors: string[] = [];
  const error = vi.spyOn(console, "error").mockImplementation((line: string) => errors.push(line));
  try {
    expect(await stopServer({ url: stub.base, detach: true, endAgents: true }, {})).toBe(2);
  } finally {
    error.mockRestore();
  }
  expect(errors).toEqual(["paratrack stop: give --detach or --end-agents, not both"]);
  expect(stub.requests).toEqual([]);
});
