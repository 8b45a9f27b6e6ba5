// Parses /proc/meminfo (values in kB) into bytes.
import { readPseudoFile } from "./pseudo-file";

export type MeminfoReading = {
  totalBytes: number;
  availableBytes: number;
  freeBytes: number;
  buffersBytes: number;
  cachedBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
  /** True when the kernel gave no MemAvailable (before Linux 3.14) and availableBytes is our estimate. */
  availableEstimated: boolean;
};

const LINE = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+kB)?\s*$/;

/** The fields we use from /proc/meminfo text, in bytes; null when it has no MemTotal. */
export function parseMeminfo(text: string): MeminfoReading | null {
  const kb = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = LINE.exec(line.trim());
    if (match) kb.set(match[1] ?? "", Number(match[2]));
  }
  const bytes = (key: string): number | undefined => {
    const value = kb.get(key);
    return value === undefined ? undefined : value * 1024;
  };
  const totalBytes = bytes("MemTotal");
  if (totalBytes === undefined) return null;
  const freeBytes = bytes("MemFree") ?? 0;
  const buffersBytes = bytes("Buffers") ?? 0;
  const cachedBytes = bytes("Cached") ?? 0;
  const available = bytes("MemAvailable");
  return {
    totalBytes,
    // Old kernels lack MemAvailable; free + buffers + page cache is the classic estimate (it overstates a little:
    // not all cache is reclaimable), capped at the total.
    availableBytes: available ?? Math.min(totalBytes, freeBytes + buffersBytes + cachedBytes),
    freeBytes,
    buffersBytes,
    cachedBytes,
    swapTotalBytes: bytes("SwapTotal") ?? 0,
    swapFreeBytes: bytes("SwapFree") ?? 0,
    availableEstimated: available === undefined,
  };
}

/** Reads and parses /proc/meminfo; null when it is missing or unreadable (not Linux). */
export function readMeminfo(path = "/proc/meminfo"): MeminfoReading | null {
  const text = readPseudoFile(path);
  return text === null ? null : parseMeminfo(text);
}
