// One log file per agent, written by paratrack-shim and capped: when the next line would pass the cap the file
// moves to <log>.1 (replacing the previous one) and a new file starts, so an agent never uses more than about
// 2 × the cap of disk. Here: the server's own notes in that log, and its tail for the dashboard.

import { appendFileSync, mkdirSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { formatLogLine } from "./log-line";

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

/** One log file to hand over whole: its path and a heading (when several are joined into one download). */
export type WholeLogPart = { path: string; heading: string | null };

/**
 * The whole of one or more agents' logs as one stream, each log's rotated <log>.1 before the log itself, under its
 * heading when it has one. Read piece by piece: a capped log is up to 2 × 5 MiB and is never held in memory.
 * A file that does not exist (yet, or any more) is skipped; the heading then says so.
 */
export function readWholeLogs(parts: readonly WholeLogPart[]): ReadableStream<Uint8Array> {
  // Each part: its rotated file first (under the part's heading), then the current one.
  const files = parts.flatMap((part) => [
    { path: `${part.path}.1`, heading: part.heading, first: true },
    { path: part.path, heading: null, first: false },
  ]);
  const encoder = new TextEncoder();
  let index = 0;
  let current: Awaited<ReturnType<typeof open>> | null = null;
  let sawPart = false;
  const buffer = Buffer.alloc(TAIL_CHUNK);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (!current) {
          const file = files[index];
          if (!file) {
            controller.close();
            return;
          }
          if (file.first) sawPart = false;
          try {
            current = await open(file.path, "r");
          } catch {
            current = null;
          }
          if (file.heading !== null) controller.enqueue(encoder.encode(`==> ${file.heading} <==\n`));
          if (!current) {
            index += 1;
            if (!file.first && !sawPart)
              controller.enqueue(encoder.encode(`(no log file at ${file.path})\n`));
            continue;
          }
          sawPart = true;
        }
        const { bytesRead } = await current.read(buffer, 0, buffer.length, null);
        if (bytesRead > 0) {
          controller.enqueue(new Uint8Array(buffer.subarray(0, bytesRead)));
          return;
        }
        await current.close();
        current = null;
        index += 1;
      }
    },
    async cancel() {
      await current?.close();
      current = null;
    },
  });
}
