// askServer's refusals: a 401 says what the lead does about it (the server's message speaks of a header the CLI
// sets from PARATRACK_TOKEN), telling a missing token from a wrong one.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { askServer } from "./ask-server";
import { showStatus } from "./status";
import { type StubServer, startStubServer } from "./stub-server";

let stub: StubServer;

beforeAll(async () => {
  stub = await startStubServer();
  stub.reply = { status: 401, body: { error: "missing or wrong Authorization: Bearer <PARATRACK_TOKEN>" } };
});
afterAll(() => stub.close());

it("says to set PARATRACK_TOKEN when none was sent, and that it is not the server's when one was", async () => {
  expect(await askServer(`${stub.base}/api/runs/current`)).toEqual({
    kind: "refused",
    status: 401,
    message:
      "missing or wrong Authorization: Bearer <PARATRACK_TOKEN>; this server needs its token: set PARATRACK_TOKEN to the token it was started with",
  });
  const wrong = await askServer(`${stub.base}/api/runs/current`, {
    headers: { authorization: "Bearer nope" },
  });
  expect(wrong).toMatchObject({
    kind: "refused",
    message: expect.stringContaining(
      "; the token sent (PARATRACK_TOKEN, or an agent's PARATRACK_REPORT_TOKEN) is not this server's",
    ),
  });
});

it("passes the hint on through a command (exit 1)", async () => {
  const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    expect(await showStatus({ url: stub.base }, {})).toBe(1);
    expect(errors).toHaveBeenCalledWith(
      expect.stringMatching(
        /^paratrack status: .*set PARATRACK_TOKEN to the token it was started with \(401\)$/,
      ),
    );
  } finally {
    errors.mockRestore();
  }
});

it("says in words that the server dropped the connection mid-answer, with the code", async () => {
  const server = createServer((request) => request.socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    expect(await askServer(`http://127.0.0.1:${port}/api/runs/current`)).toEqual({
      kind: "unreachable",
      reason:
        "the connection closed before an answer (the server stopped or crashed while answering?) (UND_ERR_SOCKET)",
    });
  } finally {
    server.close();
  }
});
