// Agents running from this data directory that the database has no record of: their shims are alive (found in
// /proc by the log each one writes under <data>/logs) but no stored agent has that log. That happens when the
// database is emptied or replaced while agents run; Paratrack then neither watches nor stops them, so the
// pre-flight checks (the server's and `paratrack check`'s) and the server's start say so instead of starting
// beside them in silence.
import path from "node:path";
import { findShimsServing, type ServedLog } from "../agents/served-logs";
import { knownLogPaths } from "../db/agents";
import type { PrismaClient } from "../db/generated/client";
import { checkUnknownAgents, failed, type PreflightResult } from "../domain/plan/preflight";

/**
 * The database, opened only once a shim is found (a check with no agent about never touches it); null when there
 * is none yet, so every agent found is unknown to it.
 */
export type OpenDatabase = () => Promise<PrismaClient | null>;

export async function findUnknownAgents(
  openDb: OpenDatabase,
  dataDir: string,
  procRoot = "/proc",
): Promise<ServedLog[]> {
  const served = findShimsServing(path.resolve(dataDir, "logs"), procRoot);
  if (served.length === 0) return [];
  const db = await openDb();
  if (db === null) return served;
  const known = await knownLogPaths(
    db,
    served.map((shim) => shim.logPath),
  );
  return served.filter((shim) => !known.has(shim.logPath));
}

/** The `agents` pre-flight check: a warning naming them, or, when they could not be looked for, why (info). */
export async function checkDataDirAgents(
  openDb: OpenDatabase,
  dataDir: string,
  procRoot = "/proc",
): Promise<PreflightResult[]> {
  try {
    return checkUnknownAgents(await findUnknownAgents(openDb, dataDir, procRoot));
  } catch (error) {
    return [
      failed(
        "agents",
        null,
        `agents of this data directory not checked: ${error instanceof Error ? error.message : String(error)}`,
        "info",
      ),
    ];
  }
}
