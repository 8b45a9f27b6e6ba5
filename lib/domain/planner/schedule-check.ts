// Independent verification of a project schedule. Deliberately shares no code with the scheduler:
// a bug there must not hide itself here. Only the problem's shape (a structural type) is common.

type CheckedJob = { id: string; duration: number; demands: number[]; predecessors: string[] };
type CheckedProblem = { jobs: CheckedJob[]; capacities: number[] };

export type ScheduleViolation =
  | { kind: "missing-start"; job: string; message: string }
  | { kind: "invalid-start"; job: string; message: string }
  | { kind: "invalid-duration"; job: string; message: string }
  | { kind: "unknown-predecessor"; job: string; message: string }
  | { kind: "precedence"; job: string; predecessor: string; message: string }
  | {
      kind: "capacity";
      resource: number;
      at: number;
      used: number;
      capacity: number;
      jobs: string[];
      message: string;
    };

/** Lists every way the start times break the problem: precedence, capacities, durations; [] = feasible. */
export function checkSchedule(problem: CheckedProblem, starts: Record<string, number>): ScheduleViolation[] {
  const violations: ScheduleViolation[] = [];
  const byId = new Map<string, CheckedJob>();
  for (const job of problem.jobs) byId.set(job.id, job);

  const placed: { job: CheckedJob; start: number; end: number }[] = [];
  for (const job of problem.jobs) {
    if (!(job.duration >= 0) || !Number.isFinite(job.duration)) {
      violations.push({
        kind: "invalid-duration",
        job: job.id,
        message: `${job.id}: duration ${job.duration} is not a finite non-negative number`,
      });
      continue;
    }
    const start = Object.hasOwn(starts, job.id) ? starts[job.id] : undefined;
    if (start === undefined) {
      violations.push({ kind: "missing-start", job: job.id, message: `${job.id}: no start time` });
      continue;
    }
    if (!Number.isFinite(start) || start < 0) {
      violations.push({
        kind: "invalid-start",
        job: job.id,
        message: `${job.id}: start ${start} is not ≥ 0`,
      });
      continue;
    }
    placed.push({ job, start, end: start + job.duration });
  }

  const endOf = new Map(placed.map((p) => [p.job.id, p.end]));
  for (const { job, start } of placed) {
    for (const predId of job.predecessors) {
      if (!byId.has(predId)) {
        violations.push({
          kind: "unknown-predecessor",
          job: job.id,
          message: `${job.id}: predecessor ${predId} is not a job`,
        });
        continue;
      }
      const predEnd = endOf.get(predId);
      if (predEnd !== undefined && start < predEnd) {
        violations.push({
          kind: "precedence",
          job: job.id,
          predecessor: predId,
          message: `${job.id} starts at ${start}, before its predecessor ${predId} finishes at ${predEnd}`,
        });
      }
    }
  }

  // Usage only rises when some job starts, so checking the instant each job starts covers every time point.
  const instants = [...new Set(placed.filter((p) => p.end > p.start).map((p) => p.start))].sort(
    (a, b) => a - b,
  );
  problem.capacities.forEach((capacity, resource) => {
    const allowance = capacity + Math.max(1, Math.abs(capacity)) * 1e-9;
    for (const at of instants) {
      const active = placed.filter((p) => p.start <= at && at < p.end);
      let used = 0;
      for (const p of active) used += p.job.demands[resource] ?? 0;
      if (used > allowance) {
        violations.push({
          kind: "capacity",
          resource,
          at,
          used,
          capacity,
          jobs: active.filter((p) => (p.job.demands[resource] ?? 0) > 0).map((p) => p.job.id),
          message: `resource ${resource} at ${at}: ${used} used > capacity ${capacity}`,
        });
      }
    }
  });
  return violations;
}
