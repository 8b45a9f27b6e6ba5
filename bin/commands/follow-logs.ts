// `paratrack track logs <key> --follow`: the last lines, then each new one as the server pushes it (Socket.IO,
// the track's log room, as the track page tails it) until Ctrl-C, like `pm2 logs`. Lines fetched and lines pushed
// are merged by identity: after subscribing (and after each reconnect) the tail is fetched again, so nothing said
// during the handover or an outage is lost, and nothing is printed twice.
import { io, type Socket } from "socket.io-client";
import type { LogLine } from "../../lib/domain/views";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/realtime/events";
import { askServer } from "./ask-server";

type Env = Record<string, string | undefined>;
type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How many printed lines are remembered to tell a repeat (the tail asked for is at most 5000). */
const REMEMBERED = 10_000;

const identity = (l: LogLine) => `${l.at}\u0000${l.agent}\u0000${l.stream}\u0000${l.line}`;

/** Prints each line once, in the order given; forgets the oldest past REMEMBERED. */
export function createLinePrinter(print: (line: LogLine) => void) {
  const printed = new Set<string>();
  return (lines: readonly LogLine[]) => {
    for (const line of lines) {
      const id = identity(line);
      if (printed.has(id)) continue;
      printed.add(id);
      if (printed.size > REMEMBERED) printed.delete(printed.values().next().value as string);
      print(line);
    }
  };
}

export type FollowOptions = {
  base: string;
  key: string;
  /** The tail's query (tail, attempt), as `paratrack track logs` asks it. */
  search: string;
  env: Env;
  print: (line: LogLine) => void;
  /** Ends the following (Ctrl-C). */
  stop: AbortSignal;
};

/** Follows until `stop`; returns the exit code (0 stopped, 1 refused, 2 unreachable at the start). */
export async function followTrackLogs(opts: FollowOptions): Promise<number> {
  const { base, key, env } = opts;
  const headers: Record<string, string> = env.PARATRACK_TOKEN
    ? { authorization: `Bearer ${env.PARATRACK_TOKEN}` }
    : {};
  const url = `${base}/api/tracks/${encodeURIComponent(key)}/logs${opts.search}`;
  const printOnce = createLinePrinter(opts.print);
  const fetchTail = async (): Promise<number> => {
    const answer = await askServer(url, { headers });
    if (answer.kind === "unreachable") {
      console.error(`paratrack track logs: cannot reach ${url}: ${answer.reason}`);
      return 2;
    }
    if (answer.kind === "refused") {
      console.error(`paratrack track logs: ${answer.message} (${answer.status})`);
      return 1;
    }
    printOnce(JSON.parse(answer.text) as LogLine[]);
    return 0;
  };
  // The track exists and the server answers: then the pushes.
  const first = await fetchTail();
  if (first !== 0 || opts.stop.aborted) return first;

  const socket: ClientSocket = io(base, {
    transports: ["websocket"],
    auth: env.PARATRACK_TOKEN ? { token: env.PARATRACK_TOKEN } : {},
  });
  let live = false;
  const early: LogLine[] = [];
  socket.on("log:line", (line) => {
    if (line.trackKey !== key) return;
    if (live) printOnce([line]);
    else early.push(line);
  });
  // Each connect (the first and every reconnect) joins the room again and fetches what was said meanwhile.
  socket.on("connect", () => {
    live = false;
    void socket
      .timeout(10_000)
      .emitWithAck("logs:subscribe", { trackKey: key })
      .then(async (answer) => {
        if ("error" in answer) throw new Error(answer.error);
        await fetchTail();
        printOnce(early.splice(0));
        live = true;
      })
      .catch((error: unknown) =>
        console.error(`paratrack track logs: following ${key}: ${(error as Error)?.message ?? error}`),
      );
  });
  socket.on("disconnect", (reason) => {
    if (opts.stop.aborted) return;
    console.error(`paratrack track logs: disconnected (${reason}); reconnecting…`);
    // A server that closes its sockets on the way down (a restart) is not retried by Socket.IO by itself.
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), 1_000);
  });
  await new Promise<void>((resolve) => {
    if (opts.stop.aborted) resolve();
    else opts.stop.addEventListener("abort", () => resolve(), { once: true });
  });
  socket.close();
  return 0;
}
