// The URLs a server gives its agents and prints: every one of them must pass the server's own guard (a wildcard
// address is where it listens, not a Host it answers to).
import os from "node:os";
import { describe, expect, it } from "vitest";
import { allowedHostsFor, checkRequest } from "./request-guard";
import { serverHostNames } from "./server-hosts";
import { dashboardLine, type InterfaceAddress, serverUrls, urlOf } from "./server-urls";

const MACHINE = {
  hostname: "lab-7",
  addresses: [
    { address: "127.0.0.1", family: "IPv4", internal: true },
    { address: "::1", family: "IPv6", internal: true },
    { address: "192.168.1.20", family: "IPv4", internal: false },
    { address: "fe80::a00:27ff:fe4e:66a1", family: "IPv6", internal: false },
    { address: "2001:db8::20", family: "IPv6", internal: false },
  ] satisfies InterfaceAddress[],
};

/** Whether a GET of the API at `url` passes the guard of a server on `host` (whose names the machine gives). */
function guardAccepts(url: string, allowedHosts: ReadonlySet<string>): boolean {
  const request = { method: "GET", url: "/api/health", headers: { host: new URL(url).host } };
  return checkRequest(request, { allowedHosts }) === null;
}

describe("serverUrls", () => {
  it("gives agents loopback for a wildcard bind, and prints loopback, the machine's name and its addresses", () => {
    const v4 = serverUrls("0.0.0.0", 3932, MACHINE);
    expect(v4.agentUrl).toBe("http://127.0.0.1:3932");
    expect(v4.dashboardUrls).toEqual([
      "http://127.0.0.1:3932",
      "http://lab-7:3932",
      "http://192.168.1.20:3932",
    ]);
    const v6 = serverUrls("::", 3932, MACHINE);
    expect(v6.agentUrl).toBe("http://[::1]:3932");
    // Link-local IPv6 needs a zone (fe80::…%eth0) that browsers do not take: left out.
    expect(v6.dashboardUrls).toEqual([
      "http://[::1]:3932",
      "http://lab-7:3932",
      "http://192.168.1.20:3932",
      "http://[2001:db8::20]:3932",
    ]);
  });

  it("uses the listen address itself when it is one address", () => {
    expect(serverUrls("127.0.0.1", 3000, MACHINE)).toEqual({
      agentUrl: "http://127.0.0.1:3000",
      dashboardUrls: ["http://127.0.0.1:3000"],
    });
    expect(serverUrls("::1", 3000, MACHINE).agentUrl).toBe("http://[::1]:3000");
    expect(serverUrls("[::1]", 3000, MACHINE).agentUrl).toBe("http://[::1]:3000");
    expect(serverUrls("192.168.1.20", 80, MACHINE).dashboardUrls).toEqual(["http://192.168.1.20:80"]);
  });

  it("names only URLs the guard of that server accepts (the old http://0.0.0.0:PORT is refused)", () => {
    for (const host of ["0.0.0.0", "::", "127.0.0.1", "192.168.1.20"]) {
      const allowed = allowedHostsFor(host, [MACHINE.hostname, ...MACHINE.addresses.map((a) => a.address)]);
      const urls = serverUrls(host, 3932, MACHINE);
      for (const url of [urls.agentUrl, ...urls.dashboardUrls]) expect(guardAccepts(url, allowed)).toBe(true);
    }
    const wildcard = allowedHostsFor("0.0.0.0", [MACHINE.hostname]);
    expect(guardAccepts(urlOf("0.0.0.0", 3932), wildcard)).toBe(false);
    expect(guardAccepts(urlOf("::", 3932), allowedHostsFor("::", []))).toBe(false);
  });

  it("agrees with the names this machine's server answers to", () => {
    const addresses = Object.values(os.networkInterfaces()).flatMap((list) => list ?? []);
    for (const host of ["0.0.0.0", "::"]) {
      const allowed = serverHostNames({ host, allowedHosts: [] });
      const urls = serverUrls(host, 3932, { hostname: os.hostname(), addresses });
      for (const url of [urls.agentUrl, ...urls.dashboardUrls]) expect(guardAccepts(url, allowed)).toBe(true);
    }
  });

  it("prints one line, the first URL to open first", () => {
    expect(dashboardLine(serverUrls("0.0.0.0", 3932, MACHINE))).toBe(
      "Paratrack dashboard: http://127.0.0.1:3932 (also http://lab-7:3932, http://192.168.1.20:3932)",
    );
    expect(dashboardLine(serverUrls("127.0.0.1", 3000, MACHINE))).toBe(
      "Paratrack dashboard: http://127.0.0.1:3000",
    );
  });
});
