// Only the lead's own user may use a server nobody needs a token for. Listening on 127.0.0.1 keeps other
// machines out, not the other users of this one: any of them could start commands as the lead. The kernel says who
// opened each loopback connection (/proc/net/tcp), so a connection from another user is refused, as Jupyter and
// code-server refuse one without a token, but with nothing for the lead to copy.
import { readFile } from "node:fs/promises";
import type { Socket } from "node:net";
import os from "node:os";
import { type Endpoint, findSocketOwner, type SocketOwner } from "./proc-net-tcp";

/** The socket tables: IPv4 sockets, then IPv6 ones (with IPv4-mapped addresses, from dual-stack sockets). */
const TABLES = ["tcp", "tcp6"] as const;
type Table = (typeof TABLES)[number];

/** A refused connection: the sentence for the client. */
export type PeerRefusal = { status: 403; error: string };

/** Null when the connection's user may go on, else the refusal. Asked once per connection (cached). */
export type PeerUserCheck = (socket: Socket) => Promise<PeerRefusal | null>;

export type PeerUserOptions = {
  /** The server's own user id; root (0) is always let in, as it can read the database anyway. */
  serverUid: number;
  /** A socket table's text (tests); default /proc/net/<table>. */
  readTable?: (table: Table) => Promise<string>;
  littleEndian?: boolean;
};

/** The check for a server without PARATRACK_TOKEN, or null when this system has no socket tables (not Linux). */
export async function createPeerUserCheck(options: PeerUserOptions): Promise<PeerUserCheck | null> {
  const readOnce = options.readTable ?? ((table: Table) => readFile(`/proc/net/${table}`, "utf8"));
  try {
    await readOnce("tcp");
  } catch {
    return null;
  }
  // tcp6 is missing on a kernel without IPv6: tcp alone is enough then.
  const readTables = TABLES.map((table) => sharedReads(() => readOnce(table).catch(() => "")));
  const littleEndian = options.littleEndian ?? os.endianness() === "LE";
  const verdicts = new WeakMap<Socket, Promise<PeerRefusal | null>>();
  return (socket) => {
    let verdict = verdicts.get(socket);
    if (verdict === undefined) {
      verdict = judge(socket, options.serverUid, littleEndian, readTables);
      verdicts.set(socket, verdict);
    }
    return verdict;
  };
}

async function judge(
  socket: Socket,
  serverUid: number,
  littleEndian: boolean,
  readTables: ReadonlyArray<() => Promise<string>>,
): Promise<PeerRefusal | null> {
  const peer = endpoint(socket.remoteAddress, socket.remotePort);
  const local = endpoint(socket.localAddress, socket.localPort);
  if (peer === null || local === null) return refusal("the connection's addresses are unknown");
  let owner: SocketOwner = { unknown: "no row" };
  try {
    // One table at a time: each read walks the kernel's whole hash, and the first (IPv4) is the usual one.
    for (const read of readTables) {
      owner = findSocketOwner([await read()], peer, local, littleEndian);
      if (!("unknown" in owner && owner.unknown === "no row")) break;
    }
  } catch (error) {
    return refusal(`the socket tables could not be read (${(error as Error).message})`);
  }
  if ("unknown" in owner) {
    return refusal(
      owner.unknown === "closed"
        ? "the client closed its end before its user could be told"
        : `the kernel lists no loopback connection from ${peer.address}:${peer.port}`,
    );
  }
  if (owner.uid === serverUid || owner.uid === 0) return null;
  return refusal(`the connection comes from another user of this machine (uid ${owner.uid})`);
}

function refusal(why: string): PeerRefusal {
  return {
    status: 403,
    error: `${why}: without PARATRACK_TOKEN this server answers only its own user (set PARATRACK_TOKEN to share it)`,
  };
}

function endpoint(address: string | undefined, port: number | undefined): Endpoint | null {
  return address === undefined || port === undefined ? null : { address, port };
}

/**
 * Reading the tables costs milliseconds however few connections there are (the kernel walks its whole hash), so
 * connections that arrive together (a page load opens several) share one read. A read already under way may have
 * begun before a new connection was listed: that one waits for the next read, which all such callers share.
 */
function sharedReads(read: () => Promise<string>): () => Promise<string> {
  let current: Promise<string> | null = null;
  let next: Promise<string> | null = null;
  const start = () => {
    current = read().finally(() => {
      current = null;
    });
    return current;
  };
  return () => {
    if (current === null) return start();
    next ??= current
      .catch(() => undefined)
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}
