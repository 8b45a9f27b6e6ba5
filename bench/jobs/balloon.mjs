#!/usr/bin/env node
// The governor benchmark's balloon: holds touched memory so that every runner sees the same scarce free memory.
//   node bench/jobs/balloon.mjs <MiB> <floor MiB>
// Grows in 64 MiB chunks and stops early if MemAvailable would fall below the floor (others on the machine may
// have grown since the size was computed). Prints "ready <held MiB>" and holds until killed. It volunteers as
// the OOM killer's first victim, so that a mistake costs the benchmark and nobody else.
import { readFileSync, writeFileSync } from "node:fs";

const MIB = 1024 * 1024;
const CHUNK_MIB = 64;
const targetMib = Number(process.argv[2]);
const floorMib = Number(process.argv[3] ?? "0");
if (!Number.isFinite(targetMib) || targetMib < 0 || !Number.isFinite(floorMib)) {
  process.stderr.write("usage: node bench/jobs/balloon.mjs <MiB> <floor MiB>\n");
  process.exit(2);
}

try {
  writeFileSync("/proc/self/oom_score_adj", "1000");
} catch {
  // Not fatal: the benchmark's own guard still watches the machine.
}

function availableMib() {
  const match = /^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync("/proc/meminfo", "utf8"));
  return match ? Number(match[1]) / 1024 : 0;
}

const held = [];
let heldMib = 0;
while (heldMib < targetMib) {
  const size = Math.min(CHUNK_MIB, targetMib - heldMib);
  if (availableMib() - size < floorMib) break;
  held.push(Buffer.allocUnsafeSlow(size * MIB).fill(0xa5));
  heldMib += size;
}
process.stdout.write(`ready ${heldMib}\n`);
process.on("SIGTERM", () => process.exit(0));
setInterval(() => held.length, 1 << 30);
