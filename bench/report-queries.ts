// bench:reports: the run's report queries (what the phases, metrics and retrospective read) as the Report table
// grows, on a real SQLite file. A days-long run of chatty agents leaves hundreds of thousands of rows.
//   npx tsx bench/report-queries.ts [--rows 10000,100000,400000] [--tracks 6]
import Database from "better-sqlite3";
import { Command } from "commander";
import { dailyTrackFacts } from "../lib/db/daily-facts";
import { createReport, lastReportTimes, latestBlockers, listReports } from "../lib/db/reports";
import { openTestDatabase } from "../lib/db/test-database";

const program = new Command("bench:reports")
  .option("--rows <list>", "table sizes to measure, comma-separated", "10000,100000,400000")
  .option("--tracks <n>", "tracks in the run", "6")
  .option("--repeat <n>", "timed calls per query and size", "7")
  .parse();
const opts = program.opts<{ rows: string; tracks: string; repeat: string }>();
const sizes = opts.rows.split(",").map(Number);
const trackCount = Number(opts.tracks);
const repeat = Number(opts.repeat);

const RUN = "bench-run";
const DAY_MS = 86_400_000;

/** One report body as an agent writes it: mostly progress, one in 50 with blockers (half of those clear them). */
function reportBody(i: number): { body: string; status: string | null; progress: number } {
  const progress = i % 100;
  if (i % 50 === 0) {
    const blockers = i % 100 === 0 ? [] : [{ blocker: `waits for API ${i}`, severity: "high" }];
    return {
      body: JSON.stringify({ status: "at-risk", progressPercent: progress, blockers }),
      status: "at-risk",
      progress,
    };
  }
  return {
    body: JSON.stringify({ progressPercent: progress, completedToday: [`step ${i}`] }),
    status: null,
    progress,
  };
}

async function main(): Promise<void> {
  const test = await openTestDatabase("sqlite");
  const file = test.url.replace(/^file:/, "");
  try {
    await test.db.run.create({
      data: {
        id: RUN,
        name: "bench",
        status: "running",
        planSource: "",
        planJson: "{}",
        budgetBytes: 1e9,
        scheduleJson: "{}",
      },
    });
    const trackIds: string[] = Array.from({ length: trackCount }, (_, i) => `${RUN}-T${i}`);
    await test.db.track.createMany({
      data: trackIds.map((id, position) => ({
        id,
        runId: RUN,
        key: `T${position}`,
        name: id,
        position,
        status: "running",
      })),
    });
    const raw = new Database(file);
    // The hasBlockers column (2026-12-07) is filled when the table has it, so the bench runs on the code before too.
    const columns = (raw.prepare('PRAGMA table_info("Report")').all() as { name: string }[]).map(
      (c) => c.name,
    );
    const flagged = columns.includes("hasBlockers");
    const insert = raw.prepare(
      `INSERT INTO "Report" (trackId, at, source, status, progress, body, agentId, lineKey${flagged ? ", hasBlockers" : ""})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?${flagged ? ", ?" : ""})`,
    );
    const first = `${RUN}-T0`;
    const start = Date.UTC(2026, 11, 1);
    let stored = 0;
    console.log(`tracks ${trackCount}; each figure: median of ${repeat} calls, ms`);
    console.log("rows      latestBlockers  lastReportTimes  listReports(50)  dailyTrackFacts  createReport");
    for (const size of sizes) {
      raw.transaction(() => {
        for (let i = stored; i < size; i++) {
          const { body, status, progress } = reportBody(i);
          const at = start + Math.floor((i / size) * 5 * DAY_MS); // spread over five days
          const row = [
            trackIds[i % trackCount],
            prismaTime(at),
            "stdout",
            status,
            progress,
            body,
            `agent-${i % trackCount}`,
            i,
          ];
          insert.run(...row, ...(flagged ? [body.includes('"blockers"') ? 1 : 0] : []));
        }
      })();
      stored = size;
      raw.exec("ANALYZE");
      const day = {
        from: new Date(start + 2 * DAY_MS),
        to: new Date(start + 3 * DAY_MS),
        now: new Date(start + 5 * DAY_MS),
      };
      const figures = [
        await time(() => latestBlockers(test.db, RUN)),
        await time(() => lastReportTimes(test.db, RUN)),
        await time(() => listReports(test.db, first, 50)),
        await time(() => dailyTrackFacts(test.db, RUN, "T0", day)),
        await time(() => createReport(test.db, first, "api", { track: "T0", progressPercent: 1 })),
      ];
      // The answers, so a faster query that answers differently shows here.
      const blocked = [...(await latestBlockers(test.db, RUN)).values()].filter((b) => b.length > 0).length;
      const reported = (await lastReportTimes(test.db, RUN)).size;
      console.log(
        `${String(size).padEnd(9)} ${figures.map((f, i) => f.toFixed(1).padStart(i === 0 ? 14 : 15)).join("  ")}` +
          `   (${blocked} blocked, ${reported} reported of ${trackCount} tracks)`,
      );
    }
    raw.close();
  } finally {
    await test.dispose();
  }
}

// The text Prisma's SQLite adapter stores a DateTime as.
function prismaTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

async function time(call: () => Promise<unknown>): Promise<number> {
  await call(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await call();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)] ?? Number.NaN;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
