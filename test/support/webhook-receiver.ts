// A real HTTP server standing in for a plan's notify.webhook in tests: it keeps every JSON body it is POSTed and
// answers with the status the test sets.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type WebhookReceiver = {
  /** The bodies received, parsed, in order. */
  received: Array<Record<string, unknown>>;
  /** The receiver's URL with this path (e.g. one that carries a secret). */
  url(path: string): string;
  /** The status it answers from now on (default 204). */
  answerWith(status: number): void;
  close(): Promise<void>;
};

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: Array<Record<string, unknown>> = [];
  let status = 204;
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      received.push(JSON.parse(body));
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    answerWith(next) {
      status = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
