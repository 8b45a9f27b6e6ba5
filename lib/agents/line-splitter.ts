// Turns a byte stream into lines: UTF-8 safe across chunk boundaries, "\r\n" tolerant, and bounded so an agent
// that prints megabytes without a newline cannot grow our memory.

import { StringDecoder } from "node:string_decoder";

export type LineSplitter = {
  /** Returns the complete lines in this chunk (without their newline). */
  push(chunk: Buffer | string): string[];
  /** Returns what is left after the last newline, if anything, as a final line. */
  end(): string[];
};

/** Lines longer than maxLineChars are cut into several lines of at most that length. */
export function createLineSplitter(maxLineChars = 64 * 1024): LineSplitter {
  const decoder = new StringDecoder("utf8");
  let pending = "";

  const take = (text: string): string[] => {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const newline = text.indexOf("\n", start);
      if (newline === -1) break;
      const line = text.slice(start, newline);
      start = newline + 1;
      lines.push(...cut(line.endsWith("\r") ? line.slice(0, -1) : line));
    }
    let rest = text.slice(start);
    while (rest.length > maxLineChars) {
      lines.push(rest.slice(0, maxLineChars));
      rest = rest.slice(maxLineChars);
    }
    pending = rest;
    return lines;
  };

  const cut = (line: string): string[] => {
    if (line.length <= maxLineChars) return [line];
    const parts: string[] = [];
    for (let i = 0; i < line.length; i += maxLineChars) parts.push(line.slice(i, i + maxLineChars));
    return parts;
  };

  return {
    push(chunk) {
      const text = typeof chunk === "string" ? chunk : decoder.write(chunk);
      return take(pending + text);
    },
    end() {
      const rest = pending + decoder.end();
      pending = "";
      return rest === "" ? [] : cut(rest);
    },
  };
}
