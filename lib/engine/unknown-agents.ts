// Agents running from this data directory that the database has no record of: their shims are alive (found in
// /proc by the log each one writes under <data>/logs) but no stored agent has that log. That happens when the
// database is emptied or replaced while agents run; Paratrack then neither watches nor stops them, so the
// pre-flight checks and the server's start say so instead of starting beside them in silence.
import path from "node:path";
import { findShimsServing, type ServedLog } from "../agents/served-logs";
import { knownLogPaths } from "../db/agents";
import type { PrismaClient } from "../db/generated/client";

export async function findUnknownAgents(
  db: PrismaClient,
  dataDir: string,
  procRoot = "/proc",
): Promise<ServedLog[]> {
  const served = findShimsServing(path.resolve(dataDir, "logs"), procRoot);
  if (served.length === 0) return [];
  const known = await knownLogPaths(
    db,
    served.map((shim) => shim.logPath),
  );
  return served.filter((shim) => !known.has(shim.logPath));
}
