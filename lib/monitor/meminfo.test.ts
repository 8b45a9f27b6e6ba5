import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseMeminfo, readMeminfo } from "./meminfo";

const fixture = (name: string) => path.join(__dirname, "fixtures", name);
const KB = 1024;

describe("parseMeminfo", () => {
  it("reads a modern kernel's meminfo in bytes", () => {
    const m = parseMeminfo(readFileSync(fixture("meminfo-24gib.txt"), "utf8"));
    expect(m).toMatchObject({
      totalBytes: 24_684_092 * KB,
      availableBytes: 24_239_268 * KB,
      freeBytes: 24_029_896 * KB,
      buffersBytes: 14_156 * KB,
      cachedBytes: 350_016 * KB, // "Cached", not "SwapCached"
      swapTotalBytes: 0,
      swapFreeBytes: 0,
      availableEstimated: false,
    });
  });

  it("estimates MemAvailable as free + buffers + cached on old kernels, and says so", () => {
    const m = parseMeminfo(readFileSync(fixture("meminfo-old-kernel.txt"), "utf8"));
    expect(m?.availableEstimated).toBe(true);
    expect(m?.availableBytes).toBe((812_340 + 204_800 + 3_145_728) * KB);
    expect(m?.swapTotalBytes).toBe(2_097_148 * KB);
    expect(m?.swapFreeBytes).toBe(1_572_860 * KB);
  });

  it("caps the estimate at the total", () => {
    const m = parseMeminfo("MemTotal: 100 kB\nMemFree: 80 kB\nBuffers: 10 kB\nCached: 30 kB\n");
    expect(m?.availableBytes).toBe(100 * KB);
  });

  it("returns null without MemTotal", () => {
    expect(parseMeminfo("")).toBeNull();
    expect(parseMeminfo("MemFree: 10 kB")).toBeNull();
  });
});

describe("readMeminfo", () => {
  it("reads this machine's /proc/meminfo, and gives null for a missing file", () => {
    const m = readMeminfo();
    expect(m?.totalBytes).toBeGreaterThan(0);
    expect(m?.availableBytes).toBeLessThanOrEqual(m?.totalBytes ?? 0);
    expect(readMeminfo(fixture("no-such-file"))).toBeNull();
  });
});
