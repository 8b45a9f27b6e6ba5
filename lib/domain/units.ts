// Sizes and durations as people write them in plan files and env vars.

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

const SIZE_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/;

/**
 * Parses "11.976GB", "512MiB", "800MB", "2G" into bytes, or null when it is not a size.
 * kB/MB/GB are decimal (as RAM is usually quoted in plans), KiB/MiB/GiB binary, and a bare K/M/G is binary like GNU parallel's --memfree.
 * The unit is required: "512" could mean bytes or megabytes, and a wrong guess is a budget of 512 bytes.
 */
export function parseSize(text: string): number | null {
  const match = SIZE_PATTERN.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  const unit = (match[2] ?? "").toLowerCase();
  const factor = SIZE_UNITS[unit];
  if (factor === undefined || !Number.isFinite(value)) return null;
  return Math.round(value * factor);
}

/** The form parseSize accepts, for error messages. */
export const SIZE_FORM = 'a size such as "8GB", "512MiB" or "800MB"';

/** A size above 0 given as text (a budget flag, an environment variable): its bytes, or what is wrong with it. */
export function parsePositiveSize(text: string): { bytes: number } | { problem: string } {
  const bytes = parseSize(text);
  if (bytes === null) return { problem: `must be ${SIZE_FORM}, got "${text}"` };
  if (bytes <= 0) return { problem: `must be more than 0, got "${text}"` };
  return { bytes };
}

const DURATION_UNITS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*(s|m|min|h|d|w)\s*$/;

/** Parses "90m", "6h", "2-3d" (a range) into milliseconds, or null. */
export function parseDuration(text: string): { minMs: number; maxMs: number } | null {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return null;
  const factor = DURATION_UNITS[match[3] ?? ""];
  if (factor === undefined) return null;
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  if (high < low) return null;
  return { minMs: Math.round(low * factor), maxMs: Math.round(high * factor) };
}

export const DURATION_FORM = 'a duration such as "90m", "6h" or a range "2-3d"';

/** "11.98 GB" style, decimal like the plans; one decimal above 10 GB. */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs >= 1e9) return `${(bytes / 1e9).toFixed(abs >= 1e10 ? 1 : 2)} GB`;
  if (abs >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  if (abs >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
  return `${bytes} B`;
}

/** "2d 4h", "1h 30m", "45s". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}
