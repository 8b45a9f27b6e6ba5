// The URLs a listening server gives out: the one its agents report to (PARATRACK_URL) and the ones it prints for the
// lead. A wildcard address (HOST=0.0.0.0 or ::) is where the server listens, not a name anyone can connect to, and
// the guard refuses it as a Host (request-guard.ts): agents get loopback instead, and the printed line names loopback
// and the machine's own name and addresses, which the guard accepts for a wildcard bind (server-hosts.ts).
import { hostNameOf, isWildcardHost } from "./request-guard";

/** One address of a network interface, as os.networkInterfaces() lists it. */
export type InterfaceAddress = { address: string; family: string | number; internal: boolean };

export type ServerUrls = {
  /** PARATRACK_URL for agents on this machine. */
  agentUrl: string;
  /** The dashboard's URLs, the one to open first. */
  dashboardUrls: string[];
};

/** http://host:port, IPv6 addresses in brackets. */
export function urlOf(host: string, port: number): string {
  const name = hostNameOf(host);
  return `http://${name.includes(":") ? `[${name}]` : name}:${port}`;
}

/**
 * The agents' URL and the dashboard's for a server listening on `host`:`port`. A wildcard bind gives agents loopback
 * (127.0.0.1 for 0.0.0.0, [::1] for ::) and names loopback, then the machine's name and its other addresses
 * (IPv6 ones for :: only, never link-local ones, which need a zone no browser takes).
 */
export function serverUrls(
  host: string,
  port: number,
  machine: { hostname: string; addresses: readonly InterfaceAddress[] },
): ServerUrls {
  if (!isWildcardHost(host)) {
    const url = urlOf(host, port);
    return { agentUrl: url, dashboardUrls: [url] };
  }
  const ipv6 = hostNameOf(host).includes(":");
  const loopback = urlOf(ipv6 ? "::1" : "127.0.0.1", port);
  const external = machine.addresses
    .filter((a) => !a.internal)
    .filter((a) => (isIpv6(a) ? ipv6 && !/^fe[89ab]/i.test(a.address) : true))
    .map((a) => urlOf(a.address, port));
  const named = machine.hostname.trim() === "" ? [] : [urlOf(machine.hostname.trim(), port)];
  return { agentUrl: loopback, dashboardUrls: [...new Set([loopback, ...named, ...external])] };
}

/** The line the server prints once it listens. */
export function dashboardLine(urls: ServerUrls): string {
  const [first, ...others] = urls.dashboardUrls;
  return `Paratrack dashboard: ${first}${others.length > 0 ? ` (also ${others.join(", ")})` : ""}`;
}

function isIpv6(address: InterfaceAddress): boolean {
  return address.family === "IPv6" || address.family === 6;
}
