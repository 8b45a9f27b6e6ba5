// The dashboard's HTTP server. Node closes a connection after 5 s idle, while clients that keep connections with
// no idle limit of their own (Node's http.Agent with keepAlive and no timeout, as Playwright's request context
// does) may send a request just as the server closes: it meets a reset (ECONNRESET). Keeping idle connections
// for a minute, as proxies do, makes that race rare: a client would need to wait just that long between requests.
import { createServer, type RequestListener, type Server } from "node:http";

/** How long an idle kept-alive connection stays open, announced to clients in `Keep-Alive: timeout=65`. */
export const KEEP_ALIVE_MS = 65_000;

export function createHttpServer(listener: RequestListener): Server {
  const server = createServer(listener);
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // A request's headers may take as long as Node's default allows, and never less than the idle wait.
  server.headersTimeout = Math.max(server.headersTimeout, KEEP_ALIVE_MS + 1_000);
  return server;
}
