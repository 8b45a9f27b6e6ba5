// Reading a loopback connection's owner from the kernel's socket tables, on rows copied from this machine
// (x86, little-endian): a server on 127.0.0.1, on ::1, and on :: reached by an IPv4 client.
import { describe, expect, it } from "vitest";
import { findSocketOwner, loopbackKey } from "./proc-net-tcp";

const HEADER =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
const row = (sl: number, from: string, to: string, uid: number, inode: number, state = "01") =>
  `   ${sl}: ${from} ${to} ${state} 00000000:00000000 00:00000000 00000000  ${uid}        0 ${inode} 1 00000000996cc9ff 20 0 0 10 -1`;

// Server 127.0.0.1:39625 (9AC9), client 127.0.0.1:50392 (C4D8) of uid 1000: both ends are listed.
const tcp = [
  HEADER,
  row(0, "00000000:07E8", "00000000:0000", 0, 1196, "0A"),
  row(2, "0100007F:9AC9", "0100007F:C4D8", 0, 4888),
  row(3, "0100007F:C4D8", "0100007F:9AC9", 1000, 4887),
].join("\n");

describe("findSocketOwner", () => {
  it("names the user of the client end, not the server's own end", () => {
    const owner = findSocketOwner(
      [tcp],
      { address: "127.0.0.1", port: 50392 },
      { address: "127.0.0.1", port: 39625 },
      true,
    );
    expect(owner).toEqual({ uid: 1000 });
  });

  it("reads IPv6 loopback rows from tcp6", () => {
    const tcp6 = [
      HEADER,
      row(1, "00000000000000000000000001000000:C8B4", "00000000000000000000000001000000:AC91", 1001, 4893),
      row(2, "00000000000000000000000001000000:AC91", "00000000000000000000000001000000:C8B4", 0, 4894),
    ].join("\n");
    const owner = findSocketOwner(
      [tcp, tcp6],
      { address: "::1", port: 51380 },
      { address: "::1", port: 44177 },
      true,
    );
    expect(owner).toEqual({ uid: 1001 });
  });

  it("finds an IPv4 client of a dual-stack server, which Node names ::ffff:127.0.0.1", () => {
    const client = row(2, "0100007F:D422", "0100007F:AC91", 1002, 4895);
    const server = row(
      1,
      "0000000000000000FFFF00000100007F:AC91",
      "0000000000000000FFFF00000100007F:D422",
      0,
      4896,
    );
    const owner = findSocketOwner(
      [`${HEADER}\n${client}`, `${HEADER}\n${server}`],
      { address: "::ffff:127.0.0.1", port: 54306 },
      { address: "::ffff:127.0.0.1", port: 44177 },
      true,
    );
    expect(owner).toEqual({ uid: 1002 });
  });

  it("does not trust a closed client's row, which the kernel prints as uid 0 (root)", () => {
    const closed = [HEADER, row(3, "0100007F:C4D8", "0100007F:9AC9", 0, 0, "06")].join("\n");
    const owner = findSocketOwner(
      [closed],
      { address: "127.0.0.1", port: 50392 },
      { address: "127.0.0.1", port: 39625 },
      true,
    );
    expect(owner).toEqual({ unknown: "closed" });
  });

  it("knows no owner for a connection it cannot find, or one from another machine", () => {
    const local = { address: "127.0.0.1", port: 39625 };
    expect(findSocketOwner([tcp], { address: "127.0.0.1", port: 50393 }, local, true)).toEqual({
      unknown: "no row",
    });
    // The right ports on another server port are another connection.
    expect(
      findSocketOwner([tcp], { address: "127.0.0.1", port: 50392 }, { ...local, port: 39626 }, true),
    ).toEqual({ unknown: "no row" });
    expect(findSocketOwner([tcp], { address: "192.168.1.7", port: 50392 }, local, true)).toEqual({
      unknown: "no row",
    });
  });

  it("reads addresses in the kernel's byte order", () => {
    // On a big-endian machine 127.0.0.1 is printed 7F000001.
    const bigEndian = [HEADER, row(3, "7F000001:C4D8", "7F000001:9AC9", 1000, 4887)].join("\n");
    const peer = { address: "127.0.0.1", port: 50392 };
    const local = { address: "127.0.0.1", port: 39625 };
    expect(findSocketOwner([bigEndian], peer, local, false)).toEqual({ uid: 1000 });
    expect(findSocketOwner([bigEndian], peer, local, true)).toEqual({ unknown: "no row" });
  });
});

describe("loopbackKey", () => {
  it("gives IPv4 and IPv4-mapped loopback one form, and nothing for other addresses", () => {
    expect(loopbackKey("127.0.0.1")).toBe("127.0.0.1");
    expect(loopbackKey("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(loopbackKey("::1")).toBe("::1");
    expect(loopbackKey("10.0.0.1")).toBeNull();
    expect(loopbackKey("::ffff:10.0.0.1")).toBeNull();
    expect(loopbackKey("fe80::1")).toBeNull();
  });
});
