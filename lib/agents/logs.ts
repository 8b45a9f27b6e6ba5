// One log file per agent, capped: when the next write would pass maxBytes the file moves to <log>.1 (replacing
// the previous one) and a new file starts, so an agent never uses more than 2 × maxBytes of disk.

import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { formatLogLine } from "./log-line";

export type LogWriter = {
  readonly path: string;
  /** Bytes in the current file. */
  readonly bytes: number;
  /** The first write or open error, after which the writer stops writing; null while all is well. */
  readonly error: string | null;
  /** Appends lines (a newline is added to each); writes that fail are dropped, never thrown. */
  writeLines(lines: readonly string[]): void;
  /** Releases the file descriptor; a later write opens the file again. */
  close(): void;
};

const TRUNCATED = " …[paratrack: line truncated]\n";

/** Opens (appending to) the log at logPath, creating its directory. Never throws: see `error`. */
export function openLogWriter(logPath: string, maxBytes: number): LogWriter {
  const cap = Math.max(1024, Math.floor(maxBytes));
  let fd: number | null = null;
  let bytes = 0;
  let error: string | null = null;

  const fail = (cause: unknown) => {
    error ??= cause instanceof Error ? cause.message : String(cause);
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {}
      fd = null;
    }
  };

  const ensureOpen = (): number | null => {
    if (fd !== null || error !== null) return fd;
    try {
      mkdirSync(path.dirname(logPath), { recursive: true });
      fd = openSync(logPath, "a");
      bytes = fstatSync(fd).size;
    } catch (cause) {
      fail(cause);
    }
    return fd;
  };
  ensureOpen();

  const rotate = () => {
    if (fd === null) return;
    closeSync(fd);
    fd = null;
    renameSync(logPath, `${logPath}.1`);
    fd = openSync(logPath, "a");
    bytes = 0;
  };

  const encode = (line: string): Buffer => {
    const record = Buffer.from(`${line}\n`, "utf8");
    if (record.length <= cap) return record;
    const marker = Buffer.from(TRUNCATED, "utf8");
    return Buffer.concat([record.subarray(0, cap - marker.length), marker]);
  };

  return {
    path: logPath,
    get bytes() {
      return bytes;
    },
    get error() {
      return error;
    },
    writeLines(lines) {
      if (lines.length === 0 || ensureOpen() === null) return;
      try {
        // One write per batch, split only where the file must rotate.
        let batch: Buffer[] = [];
        let batchBytes = 0;
        const flush = () => {
          if (batchBytes === 0 || fd === null) return;
          const data = Buffer.concat(batch, batchBytes);
          let offset = 0;
          while (offset < data.length) offset += writeSync(fd, data, offset);
          bytes += data.length;
          batch = [];
          batchBytes = 0;
        };
        for (const line of lines) {
          const record = encode(line);
          if (bytes + batchBytes + record.length > cap) {
            flush();
            if (bytes > 0) rotate();
          }
          batch.push(record);
          batchBytes += record.length;
        }
        flush();
      } catch (cause) {
        fail(cause);
      }
    },
    close() {
      if (fd === null) return;
      try {
        closeSync(fd);
      } catch {}
      fd = null;
    },
  };
}

/**
 * Appends one "sys" line to an agent's log (the server's notes beside the shim's output). O_APPEND, one write, no
 * rotation: the shim owns rotation and counts these bytes at its next write. Returns the error, never throws.
 */
export function appendLogNote(logPath: string, text: string, at = new Date()): string | null {
  try {
    mkdirSync(path.dirname(logPath), { recursive: true });
    appendFileSync(logPath, `${formatLogLine(at, "system", text.replace(/\n/g, " "))}\n`);
    return null;
  } catch (cause) {
    return cause instanceof Error ? cause.message : String(cause);
  }
}

const TAIL_CHUNK = 64 * 1024;

async function tailFile(filePath: string, count: number): Promise<string[]> {
  if (count <= 0) return [];
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(filePath, "r");
  } catch {
    return [];
  }
  try {
    const size = (await handle.stat()).size;
    const chunks: Buffer[] = [];
    let position = size;
    let newlines = 0;
    // Read backwards until the window holds count complete lines: count + 1 newlines, or the start of the file.
    while (position > 0 && newlines <= count) {
      const length = Math.min(TAIL_CHUNK, position);
      position -= length;
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      const chunk = buffer.subarray(0, bytesRead);
      chunks.unshift(chunk);
      for (const byte of chunk) if (byte === 10) newlines += 1;
    }
    const lines = Buffer.concat(chunks).toString("utf8").split("\n");
    if (lines.at(-1) === "") lines.pop();
    if (position > 0) lines.shift(); // the window starts mid-line
    return lines.slice(-count);
  } finally {
    await handle.close();
  }
}

/** The last n lines of an agent's log, reaching into the rotated <log>.1 when the current file has fewer. */
export async function tailLog(logPath: string, n: number): Promise<string[]> {
  const count = Math.max(0, Math.floor(n));
  const recent = await tailFile(logPath, count);
  if (recent.length >= count) return recent;
  const older = await tailFile(`${logPath}.1`, count - recent.length);
  return [...older, ...recent];
}
