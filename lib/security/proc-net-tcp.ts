// Who opened a loopback TCP connection, read from Linux's socket tables (/proc/net/tcp and tcp6): the row whose
// local end is the client's address and port and whose remote end is this server's. Pure: text in, a user id out.

export type Endpoint = { address: string; port: number };

/** A connection's client end as the kernel lists it: its owner, or why none can be trusted. */
export type SocketOwner = { uid: number } | { unknown: "no row" | "closed" };

/**
 * The loopback form of an address as Node reports it (`::ffff:127.0.0.1` and `127.0.0.1` alike), or null when the
 * address is not loopback: only loopback peers can be looked up in this machine's tables.
 */
export function loopbackKey(address: string): string | null {
  const plain = address.toLowerCase().startsWith("::ffff:") ? address.slice(7) : address;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain)) return plain;
  if (plain === "::1" || plain === "0:0:0:0:0:0:0:1") return "::1";
  return null;
}

/**
 * The owner of the client end of the connection `peer` → `local` (both as seen by the server), from the text of
 * /proc/net/tcp and /proc/net/tcp6. `littleEndian`: the kernel prints each 32-bit word of an address in host order.
 *
 * Only a row with a socket inode is trusted: a client that already closed its end leaves a row the kernel prints
 * with uid 0 and inode 0 (a FIN_WAIT2 or TIME_WAIT mini-socket), which would pass for root.
 */
export function findSocketOwner(
  tables: readonly string[],
  peer: Endpoint,
  local: Endpoint,
  littleEndian: boolean,
): SocketOwner {
  const peerKey = loopbackKey(peer.address);
  const localKey = loopbackKey(local.address);
  if (peerKey === null || localKey === null) return { unknown: "no row" };
  // Cheap filter before parsing: the client's port, as the table prints it, followed by the server's.
  const peerPort = `:${hexPort(peer.port)} `;
  for (const table of tables) {
    for (const line of table.split("\n")) {
      if (!line.includes(peerPort)) continue;
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (fields.length < 10) continue;
      const from = parseEndpoint(fields[1]!, littleEndian);
      const to = parseEndpoint(fields[2]!, littleEndian);
      if (from === null || to === null) continue;
      if (from.port !== peer.port || to.port !== local.port) continue;
      if (loopbackKey(from.address) !== peerKey || loopbackKey(to.address) !== localKey) continue;
      const uid = Number(fields[7]);
      const inode = Number(fields[9]);
      if (!Number.isInteger(uid) || !(inode > 0)) return { unknown: "closed" };
      return { uid };
    }
  }
  return { unknown: "no row" };
}

function hexPort(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, "0");
}

/** "0100007F:0BB8" → 127.0.0.1:3000; a 32-digit address is IPv6 (IPv4-mapped ones come out dotted). */
function parseEndpoint(text: string, littleEndian: boolean): Endpoint | null {
  const [hex, portHex] = text.split(":");
  if (hex === undefined || portHex === undefined || !/^[0-9A-Fa-f]+$/.test(hex + portHex)) return null;
  const port = Number.parseInt(portHex, 16);
  if (hex.length === 8) return { address: dotted(wordBytes(hex, littleEndian)), port };
  if (hex.length !== 32) return null;
  const bytes = [0, 8, 16, 24].flatMap((at) => wordBytes(hex.slice(at, at + 8), littleEndian));
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return { address: dotted(bytes.slice(12)), port };
  const loopback = bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1;
  return { address: loopback ? "::1" : `ipv6:${hex}`, port };
}

/** The four bytes of one printed 32-bit word, in network order. */
function wordBytes(word: string, littleEndian: boolean): number[] {
  const bytes = [0, 2, 4, 6].map((at) => Number.parseInt(word.slice(at, at + 2), 16));
  return littleEndian ? bytes.reverse() : bytes;
}

function dotted(bytes: readonly number[]): string {
  return bytes.join(".");
}
