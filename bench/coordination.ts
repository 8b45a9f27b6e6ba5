// `npm run bench:coordination`: what the coordination loop costs. For 2, 4 and 8 running tracks with changes in
// their worktrees (real git, fake agents): the time of one poll (worktree health + change set per track, merge-tree
// for the pairs whose heads moved) after every track committed, after one did, and without changes; and the event
// loop's longest stall during a poll against an idle stretch (git is spawned from a worker thread, so the
// governor's sampling should not wait).
import { performance } from "node:perf_hooks";
import { startTracks, startWithRepo } from "../lib/engine/coordination/test-fixture";

const ROUNDS = 8;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function measure(n: number) {
  const keys = Array.from({ length: n }, (_, i) => `T${i + 1}`);
  const tracks = keys
    .map((k) => `  - key: ${k}\n    ram: 10MB\n    scope: ["src/${k}/**"]\n    command: ${k.toLowerCase()}\n`)
    .join("");
  const f = await startWithRepo(tracks, { header: `maxConcurrent: ${n}\n` });
  try {
    await startTracks(f, keys);
    const quiet: number[] = [];
    const moved: number[] = [];
    const one: number[] = [];
    const stalls: number[] = [];
    const idleStalls: number[] = [];
    // The event loop's longest wait during a poll only (the bench's own commits are synchronous).
    const watch = async (work: () => Promise<unknown>, into: number[]) => {
      let last = performance.now();
      let worst = 0;
      const watchdog = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last - 5);
        last = now;
      }, 5);
      const t0 = performance.now();
      await work();
      const elapsed = performance.now() - t0;
      clearInterval(watchdog);
      into.push(worst);
      return elapsed;
    };
    const timed = (work: () => Promise<unknown>) => watch(work, stalls);
    const idle = async (work: () => Promise<unknown>) => {
      await watch(work, idleStalls);
      return idleStalls.at(-1) ?? 0;
    };
    for (let round = 0; round < ROUNDS; round++) {
      // Every track changes a file and commits: every head moves, so merge-tree runs for every pair.
      for (const k of keys) {
        f.write(k, `src/${k}/file-${round}.txt`, `${k} ${round}\n`);
        f.commit(k, `${k} round ${round}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      moved.push(await timed(() => f.h.controller.coordination.pollNow()));
      quiet.push(await timed(() => f.h.controller.coordination.pollNow()));
      // One track commits: only its pairs are merged again.
      f.write(keys[0]!, `src/${keys[0]}/one-${round}.txt`, "one\n");
      f.commit(keys[0]!, `one more ${round}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      one.push(await timed(() => f.h.controller.coordination.pollNow()));
      // The same watchdog while nothing runs: what the machine's own load costs.
      await idle(() => new Promise((resolve) => setTimeout(resolve, 1000)));
    }
    const pairs = (n * (n - 1)) / 2;
    console.log(
      `${String(n).padStart(2)} tracks (${pairs} pairs): poll after every track committed ${median(moved).toFixed(0)} ms, ` +
        `after one track committed ${median(one).toFixed(0)} ms, ` +
        `poll without changes ${median(quiet).toFixed(0)} ms (median of ${ROUNDS}); ` +
        `event loop: longest stall during a poll ${Math.max(...stalls).toFixed(0)} ms (median ${median(stalls).toFixed(0)} ms); idle, the same watchdog: longest ${Math.max(...idleStalls).toFixed(0)} ms (median ${median(idleStalls).toFixed(0)} ms)`,
    );
    if ((await f.h.db.conflict.count()) !== 0) throw new Error("disjoint scopes must not conflict");
  } finally {
    await f.dispose();
  }
}

async function main() {
  for (const n of [2, 4, 8]) await measure(n);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
