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

it("asks the server to stop with the lead's choice for the agents", async () => {
  stub.reply = { status: 200, body: { agents: "stop" } };
  const out: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: string) => out.push(line));
  try {
    expect(await stopServer({ url: stub.base, endAgents: true }, {})).toBe(0);
  } finally {
    log.mockRestore();
  }
  expect(stub.requests).toMatchObject([
    { method: "POST", url: "/api/server/stop", body: '{"agents":"stop"}' },
  ]);
  expect(out).toEqual(["The server is stopping and ending its agents"]);
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
