// Reading kernel pseudo-files (/proc, /sys/fs/cgroup) for the once-a-second monitor tick: the one reader of
// such files in Paratrack.
import { closeSync, openSync, readSync, statSync } from "node:fs";

// Synchronous on purpose: these files are generated in memory by the kernel and never block on a disk, and
// fs.promises.readFile costs four thread-pool round trips per file. Measured on this machine, reading the four
// cgroup v1 files took ~1,100-1,500 µs of CPU async versus ~70-110 µs sync (see bench:monitor); open/read/close
// into one reused buffer costs ~20 µs per file.
let readBuffer = Buffer.alloc(16 * 1024);

/** The file's text, or null when it is missing or unreadable (a missing figure is not an error). */
export function readPseudoFile(file: string): string | null {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    // Gone (a process exited since readdir: ENOENT) or not ours to inspect (EACCES).
    return null;
  }
  try {
    let length = 0;
    for (;;) {
      if (length === readBuffer.length) {
        const bigger = Buffer.alloc(readBuffer.length * 2);
        readBuffer.copy(bigger);
        readBuffer = bigger;
      }
      const count = readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (count === 0) break;
      length += count;
    }
    return readBuffer.toString("utf8", 0, length);
  } catch {
    return null; // ESRCH: the process exited while we read
  } finally {
    closeSync(fd);
  }
}

export function isDirectorySync(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
