// The memory limit and working set of the cgroup this process runs in (cgroup v1 or v2). Never throws.
import path from "node:path";
import { isDirectorySync, readPseudoFile } from "./pseudo-file";

export type CgroupLocation = { version: 1 | 2; path: string };

export type CgroupMemory = {
  version: 1 | 2;
  /** The directory the numbers were read from. */
  dir: string;
  /** The tightest memory limit on us, null when there is none. */
  limitBytes: number | null;
  /** The working set (usage minus inactive page cache, as kubelet counts it), null when unreadable. */
  usageBytes: number | null;
};

export type ReadCgroupOptions = {
  /** Where the cgroup filesystems are mounted (fixtures pass their own). */
  root?: string;
  procSelfCgroupPath?: string;
  /** Limits above physical memory are no limit at all. */
  physicalTotalBytes?: number;
};

// v1 writes "unlimited" as the largest page-aligned signed 64-bit value (9223372036854771712); anything this big
// is a sentinel, not a limit.
const UNLIMITED_FROM = 2 ** 62;

/**
 * Where our memory cgroup is, from /proc/self/cgroup text. A v1 memory line wins over the v2 "0::" line, because
 * on hybrid hosts the v2 hierarchy exists but the memory controller stays on v1.
 */
export function parseProcCgroup(text: string): CgroupLocation | null {
  let v2: CgroupLocation | null = null;
  for (const line of text.split("\n")) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, id, controllers = "", cgroupPath = ""] = match;
    if (controllers.split(",").includes("memory")) return { version: 1, path: cgroupPath };
    if (id === "0" && controllers === "") v2 = { version: 2, path: cgroupPath };
  }
  return v2;
}

/** A limit file's value in bytes; null for "max", the v1 "unlimited" sentinel, above physical memory, or garbage. */
export function parseCgroupLimit(text: string | null, physicalTotalBytes?: number): number | null {
  const value = parseCount(text);
  if (value === null || value >= UNLIMITED_FROM) return null;
  if (physicalTotalBytes !== undefined && value > physicalTotalBytes) return null;
  return value;
}

/** "key value" lines of memory.stat. */
export function parseMemoryStat(text: string | null): Map<string, number> {
  const stats = new Map<string, number>();
  for (const line of (text ?? "").split("\n")) {
    const [key, value] = line.trim().split(/\s+/);
    const n = parseCount(value ?? null);
    if (key && n !== null) stats.set(key, n);
  }
  return stats;
}

function parseCount(text: string | null): number | null {
  const trimmed = text?.trim() ?? "";
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * Our cgroup's directory under the mount. Inside a container with its own cgroup namespace (or a bind-mounted
 * subtree) the path from /proc/self/cgroup does not exist under the mount: the mount root is then our cgroup.
 */
function resolveDir(mount: string, cgroupPath: string): string {
  const candidate = path.resolve(path.join(mount, cgroupPath));
  const inside = candidate === mount || candidate.startsWith(mount + path.sep);
  return inside && isDirectorySync(candidate) ? candidate : mount;
}

const minOrNull = (values: (number | null)[]): number | null => {
  const limits = values.filter((v): v is number => v !== null);
  return limits.length > 0 ? Math.min(...limits) : null;
};

const workingSet = (usage: number | null, inactiveFile: number | undefined): number | null =>
  usage === null ? null : Math.max(0, usage - (inactiveFile ?? 0));

function readV1(root: string, cgroupPath: string, physical?: number): CgroupMemory {
  const dir = resolveDir(path.join(root, "memory"), cgroupPath);
  const limit = readPseudoFile(path.join(dir, "memory.limit_in_bytes"));
  const usage = readPseudoFile(path.join(dir, "memory.usage_in_bytes"));
  const statText = readPseudoFile(path.join(dir, "memory.stat"));
  const stats = parseMemoryStat(statText);
  // A parent's limit binds us too; v1 reports the tightest one up the tree as hierarchical_memory_limit.
  const hierarchical = stats.get("hierarchical_memory_limit");
  return {
    version: 1,
    dir,
    limitBytes: minOrNull([
      parseCgroupLimit(limit, physical),
      hierarchical === undefined ? null : parseCgroupLimit(String(hierarchical), physical),
    ]),
    usageBytes: workingSet(parseCount(usage), stats.get("total_inactive_file") ?? stats.get("inactive_file")),
  };
}

function readV2(root: string, cgroupPath: string, physical?: number): CgroupMemory {
  const dir = resolveDir(root, cgroupPath);
  // v2 has no hierarchical total: walk up to the mount and keep the tightest memory.max (the root has none).
  const ancestors: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    ancestors.push(d);
    if (d === root || path.dirname(d) === d) break;
  }
  const limits = ancestors.map((d) => readPseudoFile(path.join(d, "memory.max")));
  const usage = readPseudoFile(path.join(dir, "memory.current"));
  const statText = readPseudoFile(path.join(dir, "memory.stat"));
  return {
    version: 2,
    dir,
    limitBytes: minOrNull(limits.map((text) => parseCgroupLimit(text, physical))),
    usageBytes: workingSet(parseCount(usage), parseMemoryStat(statText).get("inactive_file")),
  };
}

/** Reads our cgroup's memory limit and working set; null when we cannot tell which cgroup we are in. */
export async function readCgroupMemory(options: ReadCgroupOptions = {}): Promise<CgroupMemory | null> {
  const root = path.resolve(options.root ?? "/sys/fs/cgroup");
  const procText = readPseudoFile(options.procSelfCgroupPath ?? "/proc/self/cgroup");
  const location = procText === null ? null : parseProcCgroup(procText);
  if (!location) return null;
  try {
    return location.version === 1
      ? readV1(root, location.path, options.physicalTotalBytes)
      : readV2(root, location.path, options.physicalTotalBytes);
  } catch {
    return null;
  }
}
