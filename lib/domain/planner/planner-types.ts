// Public vocabulary of the RCPSP solver: the problem it takes, the options, the schedule it returns
// and the error it throws. No logic here, so any module may import it.

/** One activity: how long it takes, what it needs of each resource, what must finish first. */
export type RcpspJob = { id: string; duration: number; demands: number[]; predecessors: string[] };
/** Jobs with durations, per-resource demands and predecessors; capacities of the renewable resources. */
export type RcpspProblem = { jobs: RcpspJob[]; capacities: number[] };

/** How hard to search and how to break ties; defaults suit interactive planning. */
export type ScheduleOptions = {
  /** Activity lists to generate (each followed by forward-backward improvement). */
  passes?: number;
  /** Seed of the pseudo-random generator: the same seed gives the same schedule. */
  seed?: number;
  /**
   * Among schedules of equal makespan prefer the lowest peak load (resource peaks over capacity,
   * worst first), and search all passes instead of stopping at the lower bound.
   */
  preferLowPeak?: boolean;
};

/** The solver's answer: start and finish times, plus the critical-path figures the UI shows beside them. */
export type ProjectSchedule = {
  starts: Record<string, number>;
  finishes: Record<string, number>;
  makespan: number;
  /** Job ids by start time: the activity list that reproduces this schedule through scheduleInOrder. */
  order: string[];
  /** Critical-path method, ignoring resources. */
  earliestStarts: Record<string, number>;
  latestStarts: Record<string, number>;
  slack: Record<string, number>;
  /** Jobs with zero slack, by earliest start. */
  criticalPath: string[];
  criticalPathLength: number;
  /** max(critical-path length, resource work / capacity): no schedule can be shorter. */
  lowerBound: number;
  /** Highest summed demand per resource over the schedule. */
  peakUsage: number[];
  schedulesGenerated: number;
};

/** An invalid problem: unknown predecessor, cycle, demand above capacity, bad numbers. */
export class ProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProjectError";
  }
}
