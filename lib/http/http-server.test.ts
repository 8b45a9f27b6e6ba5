// A kept-alive connection survives a pause between requests longer than Node's 5 s default: a client reusing it
// after 6 s is answered on the same connection, where Node's default would have closed it (and a request sent at
// that moment would have met a reset).
import { Agent, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { createHttpServer, KEEP_ALIVE_MS } from "./http-server";

let closeServer: (() => void) | null = null;
afterEach(() => closeServer?.());

function get(agent: Agent, port: number) {
  return new Promise<{ localPort: number; keepAlive: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", agent }, (res) => {
      res.resume();
      res.on("end", () =>
        resolve({ localPort: req.socket?.localPort ?? -1, keepAlive: String(res.headers["keep-alive"]) }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

it("keeps an idle connection past Node's 5 s default and says how long", async () => {
  const server = createHttpServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  closeServer = () => {
    agent.destroy();
    server.close();
  };
  const port = (server.address() as AddressInfo).port;
  const first = await get(agent, port);
  expect(first.keepAlive).toBe(`timeout=${KEEP_ALIVE_MS / 1000}`);
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  const second = await get(agent, port);
  expect(second.localPort).toBe(first.localPort);
}, 20_000);
