// Reads an agent's log file (written by paratrack-shim) from a durable cursor and delivers each complete line
// once, with its time, stream and a key. The key is the line's byte position in the agent's whole log (all files,
// across rotations): it only grows, so after a restart from a slightly older cursor, "key <= the last key applied"
// recognises every duplicate. Follows rotation (finishes the old file, then the new one), truncation (a notice,
// then from the start) and a missing file (waits), live through fs.watch plus a short poll.

import { type FSWatcher, watch } from "node:fs";
import { type FileHandle, open, stat } from "node:fs/promises";
import { z } from "zod";
import { type LogStream, parseLogLine } from "./log-line";

/** Where a follower is: which file (device, inode, birth time), the byte after the last line, and the key base. */
export type LogCursor = {
  /** "<dev>:<ino>:<birthtimeNs>" of the file the offset is in. */
  file: string;
  /** Bytes of that file already delivered (always the start of a line). */
  offset: number;
  /** Position of that file's byte 0 in the agent's whole log: a line's key is base + its offset. */
  base: number;
};

export const logCursorSchema = z.object({
  file: z.string().min(1),
  offset: z.number().int().nonnegative(),
  base: z.number().int().nonnegative(),
});

export type LogEntry = {
  /** Byte position of the line in the agent's whole log; strictly increasing. */
  key: number;
  /** When the shim read the line (ISO, ms); null for a line not in the log format. */
  at: string | null;
  stream: LogStream;
  text: string;
  /** The cursor just after this line: persist it once the line's effects are stored. */
  cursor: LogCursor;
};

export type FollowLogOptions = {
  /** Where to start; null or absent: the start of the oldest file (<log>.1, then <log>). */
  from?: LogCursor | null;
  onLine: (entry: LogEntry) => void;
  /** Truncation, lines lost to rotation, a missing file, a failing onLine. */
  onNotice?: (notice: string) => void;
  /** Watch and poll for new lines; false: read only on catchUp(). Default true. */
  live?: boolean;
  /** Poll interval besides fs.watch; default 200 ms. */
  pollMs?: number;
  /** A "line" longer than this without a newline is delivered in pieces; default 1 MiB. */
  maxLineBytes?: number;
};

export type LogFollower = {
  /** Null until a file was found (then the cursor given, if any). */
  cursor(): LogCursor | null;
  /** Resolves once every complete line written before the call has been delivered. */
  catchUp(): Promise<void>;
  /** Stops following; resolves after the read under way. */
  close(): Promise<void>;
};

const CHUNK = 64 * 1024;
// The shim's "sys" line at the top of a rotated file, or after a truncation.
const POSITION_NOTE =
  /^\[paratrack\] log (rotated|truncated)\b.*; this line starts at byte (\d+) of the agent's whole log$/;

type Held = { handle: FileHandle; id: string; path: string };

function fileId(st: { dev: bigint; ino: bigint; birthtimeNs: bigint }): string {
  return `${st.dev}:${st.ino}:${st.birthtimeNs}`;
}

async function idOf(filePath: string): Promise<string | null> {
  try {
    return fileId(await stat(filePath, { bigint: true }));
  } catch {
    return null;
  }
}

async function openHeld(filePath: string): Promise<Held | null> {
  let handle: FileHandle;
  try {
    handle = await open(filePath, "r");
  } catch {
    return null;
  }
  return { handle, id: fileId(await handle.stat({ bigint: true })), path: filePath };
}

/** The position a file's first line declares (the shim's rotation note); null when it has none. */
async function declaredStart(held: Held): Promise<number | null> {
  const buffer = Buffer.alloc(1024);
  const { bytesRead } = await held.handle.read(buffer, 0, buffer.length, 0);
  const newline = buffer.subarray(0, bytesRead).indexOf(10);
  if (newline === -1) return null;
  const parsed = parseLogLine(buffer.toString("utf8", 0, newline));
  const match = parsed?.stream === "system" ? POSITION_NOTE.exec(parsed.line) : null;
  return match ? Number(match[2]) : null;
}

/** Follows the log at logPath; see the module comment. */
export function followLog(logPath: string, options: FollowLogOptions): LogFollower {
  const rotatedPath = `${logPath}.1`;
  const maxLine = options.maxLineBytes ?? 1024 * 1024;
  const live = options.live ?? true;
  const pollMs = options.pollMs ?? 200;
  let start: LogCursor | null = options.from ?? null;
  let held: Held | null = null;
  let offset = 0;
  let base = 0;
  let closed = false;
  let missingNoted = false;

  const notice = (text: string) => {
    try {
      options.onNotice?.(text);
    } catch {}
  };
  const current = (): LogCursor | null => (held ? { file: held.id, offset, base } : start);

  const deliver = (bytes: Buffer, lineOffset: number, length: number) => {
    const text = bytes.toString("utf8");
    const parsed = parseLogLine(text);
    if (parsed?.stream === "system") {
      const match = POSITION_NOTE.exec(parsed.line);
      const declared = match ? Number(match[2]) - lineOffset : null;
      if (declared !== null && declared > base) {
        if (match?.[1] === "rotated") {
          notice(`${declared - base} bytes of ${logPath} were rotated away before they were read`);
        }
        base = declared;
      }
    }
    offset = lineOffset + length;
    const entry: LogEntry = {
      key: base + lineOffset,
      at: parsed?.at ?? null,
      stream: parsed?.stream ?? "stdout",
      text: parsed?.line ?? text,
      cursor: { file: held!.id, offset, base },
    };
    try {
      options.onLine(entry);
    } catch (cause) {
      notice(`a log line handler failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  };

  /** Delivers the complete lines from offset to the end of the held file (and the incomplete rest when final). */
  const readToEnd = async (final: boolean) => {
    if (!held) return;
    const readBuffer = Buffer.allocUnsafe(CHUNK); // per read, so that an idle follower holds no buffer
    let carry: Buffer = Buffer.alloc(0);
    for (;;) {
      const { bytesRead } = await held.handle.read(readBuffer, 0, CHUNK, offset + carry.length);
      if (bytesRead === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, readBuffer.subarray(0, bytesRead)]) : readBuffer;
      const end = carry.length + bytesRead;
      let lineStart = 0;
      for (;;) {
        const newline = data.indexOf(10, lineStart);
        if (newline === -1 || newline >= end) break;
        deliver(data.subarray(lineStart, newline), offset, newline - lineStart + 1);
        lineStart = newline + 1;
      }
      carry = Buffer.from(data.subarray(lineStart, end));
      if (carry.length > maxLine) {
        deliver(carry, offset, carry.length);
        carry = Buffer.alloc(0);
      }
    }
    if (final && carry.length > 0) deliver(carry, offset, carry.length);
  };

  /** Checks that offset is a line start within the held file; otherwise the file was truncated or rewritten. */
  const validate = async () => {
    if (!held) return;
    const size = Number((await held.handle.stat()).size);
    let problem: string | null = null;
    if (size < offset) problem = `${logPath} was truncated (from at least ${offset} to ${size} bytes)`;
    else if (offset > 0) {
      const byte = Buffer.alloc(1);
      await held.handle.read(byte, 0, 1, offset - 1);
      if (byte[0] !== 10) problem = `${logPath} no longer matches the cursor (rewritten?)`;
    }
    if (problem === null) return;
    notice(`${problem}: reading it again from the start`);
    base += offset; // keys continue past every line delivered so far
    offset = 0;
  };

  const hold = async (next: Held, at: number, nextBase: number) => {
    await held?.handle.close();
    held = next;
    offset = at;
    base = nextBase;
    missingNoted = false;
    armWatch();
    await validate();
  };

  /** The held file was rotated away: its successor is <log>.1 if that begins where the held file ended, else <log>. */
  const successor = async (logId: string | null): Promise<Held | null> => {
    const rotatedId = await idOf(rotatedPath);
    if (rotatedId !== null && rotatedId !== held?.id) {
      const candidate = await openHeld(rotatedPath);
      if (candidate) {
        const declared = await declaredStart(candidate);
        if (declared !== null && declared >= base + offset) return candidate;
        await candidate.handle.close();
      }
    }
    if (logId === null) return null;
    const candidate = await openHeld(logPath);
    if (candidate && candidate.id !== held?.id) return candidate;
    await candidate?.handle.close();
    return null;
  };

  /** Opens the file the start cursor points into (or the oldest file when there is none). */
  const resolveStart = async () => {
    const [logId, rotatedId] = await Promise.all([idOf(logPath), idOf(rotatedPath)]);
    if (logId === null && rotatedId === null) {
      if (!missingNoted && start !== null) notice(`${logPath} is missing: waiting for it`);
      missingNoted = true;
      return;
    }
    if (start === null) {
      const first = await openHeld(rotatedId !== null ? rotatedPath : logPath);
      if (first) await hold(first, 0, 0);
      return;
    }
    for (const [id, filePath] of [
      [logId, logPath],
      [rotatedId, rotatedPath],
    ] as const) {
      if (id !== start.file) continue;
      const found = await openHeld(filePath);
      if (found?.id === start.file) return hold(found, start.offset, start.base);
      await found?.handle.close();
    }
    // The cursor's file is gone: continue with the oldest file that comes after it.
    const reached = start.base + start.offset;
    notice(
      `the log file the cursor was in is gone (rotated away or replaced): lines after byte ${reached} may be lost`,
    );
    let next: Held | null = null;
    if (rotatedId !== null) {
      next = await openHeld(rotatedPath);
      const declared = next ? await declaredStart(next) : null;
      if (next && (declared === null || declared < reached)) {
        await next.handle.close();
        next = null;
      }
    }
    next ??= await openHeld(logPath);
    if (next) await hold(next, 0, reached);
  };

  const pump = async () => {
    if (closed) return;
    if (!held) await resolveStart();
    for (let hops = 0; held && hops < 8; hops++) {
      const size = Number((await held.handle.stat()).size);
      if (size < offset) await validate();
      if (size > offset) await readToEnd(false);
      const logId = await idOf(logPath);
      if (logId === held.id) return;
      const next = await successor(logId);
      // No successor yet: the shim is between rename and create (or the file was deleted under it): keep reading.
      if (!next) return;
      await readToEnd(true); // nothing more is written to a rotated file
      await hold(next, 0, base + offset);
    }
  };

  let tail: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;
  const schedule = (): Promise<void> => {
    if (queued) return queued;
    const run = tail.then(async () => {
      queued = null;
      try {
        await pump();
      } catch (cause) {
        notice(`reading ${logPath} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
      }
    });
    queued = run;
    tail = run;
    return run;
  };

  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;
  function armWatch() {
    if (!live || closed) return;
    watcher?.close();
    watcher = null;
    try {
      watcher = watch(logPath, { persistent: false }, () => void schedule());
      watcher.on("error", () => {
        watcher?.close();
        watcher = null;
      });
    } catch {
      watcher = null; // not there yet: the poll finds it
    }
  }
  const tick = () => {
    timer = null;
    if (closed) return;
    if (!watcher) armWatch();
    void schedule().then(() => {
      if (!closed) timer = setTimeout(tick, pollMs).unref();
    });
  };
  if (live) tick();

  return {
    cursor: current,
    catchUp: () => schedule(),
    async close() {
      if (closed) return tail;
      closed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
      await tail;
      start = current();
      await held?.handle.close();
      held = null;
    },
  };
}

/** A cursor at the current end of the log (for an agent that starts appending to an existing file); null if none. */
export async function cursorAtEnd(logPath: string): Promise<LogCursor | null> {
  const follower = followLog(logPath, { live: false, onLine: () => {} });
  await follower.catchUp();
  await follower.close();
  return follower.cursor();
}
