// PSPLIB single-mode RCPSP files (.sm) and optimum tables, parsed into the planner's problem shape.
import type { RcpspProblem } from "./planner-core";

export type PsplibInstance = {
  problem: RcpspProblem;
  /** Upper bound on the makespan given by the file (the sum of durations in j30). */
  horizon: number;
  /** Critical-path (MPM) time from the PROJECT INFORMATION block. */
  mpmTime: number | null;
};

/** Parses one .sm file (jobs are named by their number, "1" = source … "32" = sink in j30). */
export function parsePsplibInstance(text: string): PsplibInstance {
  const lines = text.split(/\r?\n/);
  const horizon = Number(valueAfterColon(lines, /^horizon\s*:/i));
  const renewable = Number(valueAfterColon(lines, /^\s*-\s*renewable\s*:/i).split(/\s+/)[0]);
  const jobCount = Number(valueAfterColon(lines, /^jobs \(incl\. supersource\/sink \)\s*:/i));
  if (!Number.isInteger(jobCount) || jobCount < 1) throw new Error("PSPLIB: no job count");
  if (!Number.isInteger(renewable) || renewable < 0) throw new Error("PSPLIB: no renewable resource count");

  const successors = new Map<number, number[]>();
  for (const row of blockRows(lines, /^PRECEDENCE RELATIONS:/i, 1)) {
    const [job, , count, ...rest] = row;
    if (job === undefined || count === undefined) continue;
    if (rest.length !== count)
      throw new Error(`PSPLIB: job ${job} lists ${rest.length} of ${count} successors`);
    successors.set(job, rest);
  }
  const requests = new Map<number, { duration: number; demands: number[] }>();
  // The request rows follow a dashed line under a two-line header.
  const requestStart = lines.findIndex((l) => /^REQUESTS\/DURATIONS:/i.test(l));
  const dashes = lines.findIndex((l, i) => i > requestStart && /^-{5,}/.test(l));
  if (requestStart < 0 || dashes < 0) throw new Error("PSPLIB: no REQUESTS/DURATIONS block");
  for (const row of rowsUntilStars(lines, dashes + 1)) {
    const [job, , duration, ...demands] = row;
    if (job === undefined || duration === undefined) continue;
    if (demands.length !== renewable) throw new Error(`PSPLIB: job ${job} has ${demands.length} demands`);
    requests.set(job, { duration, demands });
  }
  const availability = lines.findIndex((l) => /^RESOURCEAVAILABILITIES:/i.test(l));
  const capacities = numbers(lines[availability + 2] ?? "");
  if (availability < 0 || capacities.length !== renewable)
    throw new Error("PSPLIB: no resource availabilities");

  const predecessors = new Map<number, string[]>();
  for (const [job, succ] of successors) {
    for (const s of succ) predecessors.set(s, [...(predecessors.get(s) ?? []), String(job)]);
  }
  const jobs = [];
  for (let job = 1; job <= jobCount; job++) {
    const request = requests.get(job);
    if (!request || !successors.has(job)) throw new Error(`PSPLIB: job ${job} is missing`);
    jobs.push({
      id: String(job),
      duration: request.duration,
      demands: request.demands,
      predecessors: predecessors.get(job) ?? [],
    });
  }
  const mpmRow = blockRows(lines, /^PROJECT INFORMATION:/i, 1)[0];
  return { problem: { jobs, capacities }, horizon, mpmTime: mpmRow?.[5] ?? null };
}

/** Parses an optimum table such as j30opt.sm into { "j301_1": 43, … } (set name from "Instance Set"). */
export function parsePsplibOptima(text: string): Record<string, number> {
  const lines = text.split(/\r?\n/);
  const set = valueAfterColon(lines, /^Instance Set\s*:/i).trim();
  if (set === "") throw new Error("PSPLIB optima: no Instance Set line");
  const optima: Record<string, number> = {};
  for (const line of lines) {
    // Data rows are exactly four numbers: parameter, instance, makespan, CPU seconds.
    if (!/^\s*\d+\s+\d+\s+\d+\s+[\d.]+\s*$/.test(line)) continue;
    const [parameter, instance, makespan] = numbers(line);
    optima[`${set}${parameter}_${instance}`] = makespan!;
  }
  return optima;
}

function valueAfterColon(lines: string[], label: RegExp): string {
  const line = lines.find((l) => label.test(l));
  if (line === undefined) return "";
  return line.slice(line.indexOf(":") + 1).trim();
}

function numbers(line: string): number[] {
  return line
    .trim()
    .split(/\s+/)
    .filter((t) => t !== "")
    .map(Number);
}

/** Numeric rows of the block that starts at the header, skipping `headerLines` column-title lines. */
function blockRows(lines: string[], header: RegExp, headerLines: number): number[][] {
  const start = lines.findIndex((l) => header.test(l));
  if (start < 0) return [];
  return rowsUntilStars(lines, start + 1 + headerLines);
}

function rowsUntilStars(lines: string[], from: number): number[][] {
  const rows: number[][] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^\*{5,}/.test(line)) break;
    const row = numbers(line);
    if (row.length === 0 || row.some((x) => !Number.isFinite(x))) continue;
    rows.push(row);
  }
  return rows;
}
