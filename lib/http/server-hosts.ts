// The host names one server answers to, computed once for the front guard (server.ts, Socket.IO) and the route
// wrapper alike: with two lists, a name one of them accepts and the other refuses breaks the dashboard.
import os from "node:os";
import type { Config } from "../config";
import { allowedHostsFor } from "./request-guard";

/** Loopback names, HOST and PARATRACK_ALLOWED_HOSTS; listening on every address adds the machine's names. */
export function serverHostNames(config: Pick<Config, "host" | "allowedHosts">): Set<string> {
  const everywhere = config.host === "0.0.0.0" || config.host === "::";
  const own = everywhere
    ? [
        os.hostname(),
        ...Object.values(os.networkInterfaces())
          .flat()
          .flatMap((address) => (address ? [address.address] : [])),
      ]
    : [];
  return allowedHostsFor(config.host, [...own, ...config.allowedHosts]);
}
