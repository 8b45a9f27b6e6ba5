// Reading kernel pseudo-files (/proc, /sys/fs/cgroup) for the once-a-second monitor tick.
import { readFileSync, statSync } from "node:fs";

// Synchronous on purpose: these files are generated in memory by the kernel and never block on a disk, and
// fs.promises.readFile costs four thread-pool round trips per file. Measured on this machine, reading the four
// cgroup v1 files took ~1,100-1,500 µs of CPU async versus ~70-110 µs sync (see bench:monitor).

/** The file's text, or null when it is missing or unreadable (a missing figure is not an error). */
export function readPseudoFile(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

export function isDirectorySync(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
