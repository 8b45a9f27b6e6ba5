// Reading plan files from disk for the server, the CLI and POST /api/runs. A path that arrives through the API is
// confined: YAML files only, regular files only (never a device, FIFO, socket or directory, so a read can neither
// hang nor run forever), a size limit, optionally only below the configured plan directories.
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
} from "node:fs";
import path from "node:path";
import { PLAN_LIMITS } from "../domain/plan/plan-limits";
import { EngineError } from "./errors";
import type { StartRunInput } from "./run/run-start";

export const DEMO_PLAN_PATH = path.resolve(__dirname, "../../demo/demo-plan.yaml");
/** The demo's agent script, which the plan names relative to its default workdir. */
const DEMO_AGENT_PATH = path.resolve(__dirname, "../../demo/agent.mjs");
/** How demo/demo-plan.yaml names the agent script (relative to its written workdir). */
const DEMO_AGENT_IN_PLAN = "../../demo/agent.mjs";

/** The demo's workdir under a data directory: DATA_DIR/demo-workspace. */
export function demoWorkspace(dataDir: string): string {
  return path.resolve(dataDir, "demo-workspace");
}

export class PlanFileError extends EngineError {
  constructor(message: string) {
    super(message, 400);
  }
}

export type PlanFileOptions = {
  /** Only files below these directories (after resolving links); null = anywhere. */
  allowedDirs?: readonly string[] | null;
  /** Largest file accepted, in bytes; default PLAN_LIMITS.sourceBytes. */
  maxBytes?: number;
  /** Refuse names not ending in .yaml/.yml (paths from the API: a plan is YAML, so /etc/shadow is not one). */
  yamlNamesOnly?: boolean;
};

/** Reads a plan file; every refusal is a PlanFileError that names the problem, never the file's content. */
export function readPlanFile(filePath: string, options: PlanFileOptions = {}): StartRunInput {
  const maxBytes = options.maxBytes ?? PLAN_LIMITS.sourceBytes;
  const shown = filePath.length > 200 ? `${filePath.slice(0, 200)}…` : filePath;
  if (options.yamlNamesOnly && !/\.ya?ml$/i.test(filePath))
    throw new PlanFileError(`${shown}: a plan file must end in .yaml or .yml`);
  const absolute = path.resolve(filePath);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch (error) {
    throw new PlanFileError(
      `cannot read plan file ${shown}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
  if (options.allowedDirs && !options.allowedDirs.some((dir) => isInside(real, dir))) {
    throw new PlanFileError(
      `${shown}: plan files are read only from ${options.allowedDirs.join(", ")} (PARATRACK_PLAN_DIRS)`,
    );
  }
  // stat follows links: a link to a device is refused here, before anything opens it.
  const before = statSync(real, { throwIfNoEntry: false });
  if (!before) throw new PlanFileError(`cannot read plan file ${shown}: ENOENT`);
  if (!before.isFile()) throw new PlanFileError(`${shown} is not a regular file (${describeKind(before)})`);
  if (before.size > maxBytes) throw new PlanFileError(`${shown} is larger than ${maxBytes} bytes`);

  // O_NONBLOCK: should the path have been swapped for a FIFO since the check, opening it cannot hang.
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new PlanFileError(
      `cannot read plan file ${shown}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile() || opened.ino !== before.ino)
      throw new PlanFileError(`${shown} changed while it was being opened`);
    // Read at most one byte past the limit: a file that grew (or a pseudo-file with no size) is caught.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) throw new PlanFileError(`${shown} is larger than ${maxBytes} bytes`);
    }
    return {
      source: buffer.subarray(0, length).toString("utf8"),
      fileName: filePath,
      baseDir: path.dirname(absolute),
      planPath: absolute,
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * The built-in demo plan, its workdir moved to DATA_DIR/demo-workspace (created here) and its agent script named by
 * absolute path, so the demo runs wherever the data directory is. It starts without the memory profiles earlier
 * demo runs learned: the demo shows the governor meeting growth that the estimates did not foresee.
 */
export function readDemoPlan(dataDir: string): StartRunInput {
  const workspace = demoWorkspace(dataDir);
  mkdirSync(workspace, { recursive: true });
  const file = readPlanFile(DEMO_PLAN_PATH);
  const source = file.source
    .replace(/^workdir: .*$/m, `workdir: ${JSON.stringify(workspace)}`)
    .replaceAll(DEMO_AGENT_IN_PLAN, quoteForShell(DEMO_AGENT_PATH));
  return { ...file, source, fileName: "demo/demo-plan.yaml", forgetProfiles: true };
}

/** A path as one shell word: single-quoted unless it only holds safe characters. */
function quoteForShell(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

function isInside(file: string, dir: string): boolean {
  let root: string;
  try {
    root = realpathSync(path.resolve(dir));
  } catch {
    return false;
  }
  const relative = path.relative(root, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

function describeKind(stats: import("node:fs").Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "not a file";
}
