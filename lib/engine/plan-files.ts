// Reading plan files from disk for the server, the CLI and POST /api/runs. A path that arrives through the API is
// confined: YAML files only, regular files only (never a device, FIFO, socket or directory, so a read can neither
// hang nor run forever), a size limit, optionally only below the configured plan directories.

import { isUtf8 } from "node:buffer";
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
} from "node:fs";
import path from "node:path";
import { PLAN_LIMITS } from "../domain/plan/plan-limits";
import { EngineError } from "./errors";
import type { StartRunInput } from "./run/run-start";

/** This checkout, from this module (server.ts, the CLI). Next's route bundles live elsewhere: they pass theirs. */
const CHECKOUT = path.resolve(__dirname, "../..");
const DEMO_PLAN = "demo/demo-plan.yaml";
/** The demo's agent script, which the plan names relative to its default workdir. */
const DEMO_AGENT = "demo/agent.mjs";
/** The seed's example plan, shipped beside the demo. */
export const SEED_PLAN = "examples/seed-plan.yaml";
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
    throw new PlanFileError(`cannot read plan file ${shown}: ${describeErrno(error)}`);
  }
  if (options.allowedDirs && !options.allowedDirs.some((dir) => isInside(real, dir))) {
    throw new PlanFileError(
      `${shown}: plan files are read only from ${options.allowedDirs.join(", ")} (PARATRACK_PLAN_DIRS)`,
    );
  }
  // stat follows links: a link to a device is refused here, before anything opens it.
  const before = statSync(real, { throwIfNoEntry: false });
  if (!before) throw new PlanFileError(`cannot read plan file ${shown}: no such file (ENOENT)`);
  if (!before.isFile()) throw new PlanFileError(`${shown} is not a regular file (${describeKind(before)})`);
  if (before.size > maxBytes) throw new PlanFileError(`${shown} is larger than ${maxBytes} bytes`);

  // O_NONBLOCK: should the path have been swapped for a FIFO since the check, opening it cannot hang.
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new PlanFileError(`cannot read plan file ${shown}: ${describeErrno(error)}`);
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile() || opened.ino !== before.ino || opened.dev !== before.dev)
      throw new PlanFileError(`${shown} changed while it was being opened`);
    if (options.allowedDirs && !isOpenedInside(fd, options.allowedDirs))
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
    const bytes = buffer.subarray(0, length);
    const invalid = firstInvalidUtf8(bytes);
    if (invalid !== -1)
      throw new PlanFileError(
        `${shown}:${describePosition(bytes, invalid)}: not UTF-8 text; save the plan as UTF-8`,
      );
    return {
      source: bytes.toString("utf8"),
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
export function readDemoPlan(dataDir: string, checkout = CHECKOUT): StartRunInput {
  const workspace = demoWorkspace(dataDir);
  mkdirSync(workspace, { recursive: true });
  const file = readPlanFile(path.join(checkout, DEMO_PLAN));
  const source = file.source
    .replace(/^workdir: .*$/m, `workdir: ${JSON.stringify(workspace)}`)
    .replaceAll(DEMO_AGENT_IN_PLAN, quoteForShell(path.join(checkout, DEMO_AGENT)));
  return { ...file, source, fileName: "demo/demo-plan.yaml", forgetProfiles: true };
}

/**
 * A plan file's text for the Planner's editor: its top-level relative `workdir` made absolute against the file's
 * folder. The editor's text is started and checked without the file (relative paths would resolve against the
 * server's working directory, not where the file lies).
 */
export function readPlanForEditor(filePath: string): StartRunInput {
  const file = readPlanFile(filePath);
  const folder = path.dirname(path.resolve(filePath));
  const source = file.source.replace(
    /^workdir:[ \t]*(["']?)([^"'#\n]*?)\1[ \t]*(#.*)?$/m,
    (line, _q, dir, comment) =>
      dir === "" || path.isAbsolute(dir)
        ? line
        : `workdir: ${JSON.stringify(path.resolve(folder, dir))}${comment ? ` ${comment}` : ""}`,
  );
  return { ...file, source };
}

/** A path as one shell word: single-quoted unless it only holds safe characters. */
function quoteForShell(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Whether the file open as `fd` lies below one of `dirs`, by the name the kernel gives the open file: a directory of
 * the checked path swapped for a link between the check and the open (someone who may write there) is caught.
 * Without /proc (not Linux) there is no such name: the check on the resolved path stands.
 */
export function isOpenedInside(fd: number, dirs: readonly string[]): boolean {
  let opened: string;
  try {
    opened = readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return true;
  }
  return dirs.some((dir) => isInside(opened, dir));
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

/** Offset of the first byte that is not valid UTF-8 (a Latin-1 "é", UTF-16, binary), or -1 when all is. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  for (let i = 0; i < bytes.length; ) {
    const sequence = utf8Sequence(bytes[i]!);
    if (!sequence) return i;
    const [count, low, high] = sequence;
    for (let k = 1; k <= count; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += count + 1;
  }
  return -1;
}

// RFC 3629: how many continuation bytes a lead byte takes and the range of the first one (no overlong forms, no
// surrogates, nothing past U+10FFFF); null for a byte that cannot start a character.
function utf8Sequence(lead: number): [count: number, low: number, high: number] | null {
  if (lead < 0x80) return [0, 0, 0];
  if (lead >= 0xc2 && lead <= 0xdf) return [1, 0x80, 0xbf];
  if (lead === 0xe0) return [2, 0xa0, 0xbf];
  if (lead === 0xed) return [2, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [2, 0x80, 0xbf];
  if (lead === 0xf0) return [3, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [3, 0x80, 0xbf];
  if (lead === 0xf4) return [3, 0x80, 0x8f];
  return null;
}

/** "line:column" (1-based, the column in characters) of a byte offset whose preceding bytes are valid UTF-8. */
function describePosition(bytes: Uint8Array, offset: number): string {
  const before = Buffer.from(bytes.subarray(0, offset)).toString("utf8");
  const lines = before.split("\n");
  return `${lines.length}:${[...(lines.at(-1) ?? "")].length + 1}`;
}

/** "no such file (ENOENT)": the words first, the code for searching. */
function describeErrno(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: "no such file",
    EACCES: "permission denied",
    ENOTDIR: "a part of the path is not a directory",
    ELOOP: "too many symbolic links",
    ENAMETOOLONG: "the name is too long",
  };
  if (code === undefined) return error instanceof Error ? error.message : "error";
  return words[code] ? `${words[code]} (${code})` : code;
}
