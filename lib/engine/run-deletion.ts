// Deleting an ended run on the lead's request: everything stored of it and its agents' logs, so weeks of runs do
// not fill the disk. Never a run that may still have agents, never the server's current run, and never the work
// itself: the tracks' branches and worktrees stay (`paratrack cleanup` removes the merged ones).
//
// The logs are found by the agents' stored paths, not only under this server's DATA_DIR: a run made under another
// data directory (the server moved, DATA_DIR changed) keeps its logs there. A stored path is only trusted as far as
// its shape goes: what is removed is always a folder `<dir>/logs/<run id>` or `<dir>/slurm/<run id>`, never a path
// a row merely names; a log outside such a folder is named in `logsLeft` for the lead to remove by hand.
import { lstat, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { listRunAgents } from "../db/agents";
import type { PrismaClient } from "../db/client";
import { deleteRunRows, getRun } from "../db/runs";
import { formatBytes } from "../domain/units";
import type { DeletedRunView } from "../domain/views";
import { safeName } from "../executors/slurm/batch-script";
import { ConflictError, NotFoundError } from "./errors";
import type { EventLog } from "./event-log";
import type { RunController } from "./run/controller";

export type RunDeletion = { deleteRun(runId: string): Promise<DeletedRunView> };

export function createRunDeletion(deps: {
  db: PrismaClient;
  dataDir: string;
  runs: Pick<RunController, "activeRun">;
  events: EventLog;
}): RunDeletion {
  return {
    async deleteRun(runId) {
      const run = await getRun(deps.db, runId);
      if (!run) throw new NotFoundError(`no run "${runId}"`);
      if (run.status === "running")
        throw new ConflictError(
          `run "${run.name}" is still running: stop it first (stop the tracks not done yet: Stop on the overview, or paratrack track stop KEY; it ends when none is left), then delete it`,
        );
      if (deps.runs.activeRun()?.id === runId)
        throw new ConflictError(
          `run "${run.name}" is the server's current run (the overview shows it): it can be deleted once the next run has started`,
        );
      // A run marked ended at a takeover may still have agents whose end nobody recorded: their logs stay theirs.
      const agents = await listRunAgents(deps.db, runId);
      const unended = agents.filter((a) => a.endedAt === null);
      if (unended.length > 0)
        throw new ConflictError(
          `run "${run.name}" has ${unended.length} agent${unended.length === 1 ? "" : "s"} whose end is not recorded (pid ${unended.map((a) => a.pid ?? "?").join(", ")}): end them (paratrack check lists them), then delete it`,
        );
      const { folders, strays } = runFolders(
        deps.dataDir,
        runId,
        // Each log with its rotated part and its exit file: a stray one is named with them.
        agents.flatMap((a) => [a.logPath, `${a.logPath}.1`, ...(a.exitPath ? [a.exitPath] : [])]),
      );
      // A folder of the right name that is not a plain directory (a symbolic link) is not followed: named instead.
      const removable: string[] = [];
      const logsLeft: string[] = [];
      for (const folder of folders) {
        const kind = await lstat(folder).then(
          (stat) => (stat.isDirectory() ? "directory" : "other"),
          () => "missing",
        );
        if (kind === "directory") removable.push(folder);
        else if (kind === "other") logsLeft.push(folder);
      }
      for (const stray of strays) if (await exists(stray)) logsLeft.push(stray);
      let logBytes = 0;
      for (const folder of removable) logBytes += await sizeOf(folder);
      // The rows first: a failure leaves the logs of a run that is still listed, never a listed run without logs.
      if (!(await deleteRunRows(deps.db, runId))) throw new NotFoundError(`no ended run "${runId}"`);
      for (const folder of removable)
        await rm(folder, { recursive: true, force: true }).catch(() => logsLeft.push(folder));
      const deleted = { runId, name: run.name, tracks: run.trackCount, logBytes, logsLeft };
      const tracks = `${run.trackCount} track${run.trackCount === 1 ? "" : "s"}`;
      await deps.events.record("run:deleted", deleted, {
        severity: logsLeft.length > 0 ? "medium" : "info",
        message:
          logsLeft.length > 0
            ? `Run "${run.name}" (${runId.slice(0, 8)}) deleted: ${tracks}; its logs could not all be removed: remove ${logsLeft.join(", ")} by hand`
            : `Run "${run.name}" (${runId.slice(0, 8)}) deleted: ${tracks}, ${formatBytes(logBytes)} of agent logs`,
        actor: "lead",
        runId: null,
        trackKey: null,
      });
      return deleted;
    },
  };
}

/**
 * Where a run's agents wrote: local agents' logs (`<data dir>/logs/<run>`) and Slurm jobs' output
 * (`<data dir>/slurm/<run>`), under this server's data directory and under every data directory a stored log path
 * shows the run was made in. `strays`: stored log paths in none of those folders (they are not removed).
 */
export function runFolders(
  dataDir: string,
  runId: string,
  logPaths: readonly string[],
): { folders: string[]; strays: string[] } {
  const dirs = new Set([path.resolve(dataDir)]);
  for (const logPath of logPaths) {
    const dir = dataDirOf(logPath, runId);
    if (dir !== null) dirs.add(dir);
  }
  const folders = [
    ...new Set(
      [...dirs].flatMap((dir) => {
        const logs = path.join(dir, "logs");
        const slurm = path.join(dir, "slurm");
        // A stored id is a UUID; one that would reach outside its folder ("..", a "/") is left alone.
        return [
          [logs, path.join(logs, runId)],
          [slurm, path.join(slurm, safeName(runId))],
        ].flatMap(([parent, folder]) => (path.dirname(folder!) === parent ? [folder!] : []));
      }),
    ),
  ];
  const strays = [
    ...new Set(
      logPaths.filter((logPath) => !folders.some((folder) => isInside(path.resolve(logPath), folder))),
    ),
  ];
  return { folders, strays };
}

/** The data directory `<dir>` of a log path inside `<dir>/logs/<run>/` or `<dir>/slurm/<run>/`; else null. */
function dataDirOf(logPath: string, runId: string): string | null {
  // A relative path would be read against this process's directory: it says nothing about where the run was.
  if (!path.isAbsolute(logPath)) return null;
  for (let dir = path.dirname(path.resolve(logPath)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const kind = path.basename(path.dirname(dir));
    const name = path.basename(dir);
    if ((kind === "logs" && name === runId) || (kind === "slurm" && name === safeName(runId)))
      return path.dirname(path.dirname(dir));
  }
  return null;
}

/** Whether `file` lies below `folder` (not the folder itself). */
function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** Bytes of the files below `folder` (0 when it is missing); symbolic links are not followed. */
async function sizeOf(folder: string): Promise<number> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  let bytes = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    // parentPath from Node 20.12 on; path before it.
    const dir = (entry as { parentPath?: string }).parentPath ?? (entry as { path?: string }).path ?? folder;
    bytes += await lstat(path.join(dir, entry.name))
      .then((stat) => stat.size)
      .catch(() => 0);
  }
  return bytes;
}
