// Jobs as Slurm reports them: `scontrol show job -o` records, fixed-format squeue lines and sstat memory rows,
// parsed into plain data (bytes, epoch ms, typed states).
import { parseSlurmJobState, type SlurmJobState } from "./job-state";
import {
  isUnset,
  parseSlurmDuration,
  parseSlurmExitCode,
  parseSlurmRecord,
  parseSlurmSize,
  parseSlurmTime,
  type SlurmExitCode,
  type SlurmRecord,
} from "./records";

/** One job, from `scontrol show job -o <id>`. */
export type SlurmJob = {
  /** A string: array and heterogeneous jobs have ids like "12_3" or "12+1". */
  jobId: string;
  name: string;
  state: SlurmJobState;
  /** Why it pends or ended ("Resources", "BeginTime", "OutOfMemory", "BadConstraints"), null when None. */
  reason: string | null;
  /** The batch script's exit status and the signal that ended it ("0:125" after an OOM kill). */
  exitCode: SlurmExitCode | null;
  /** How many times it was requeued (SLURM_RESTART_COUNT inside the job). */
  restarts: number;
  requeueable: boolean;
  partition: string | null;
  account: string | null;
  nodeList: string | null;
  batchHost: string | null;
  /** Memory reserved per node (--mem), bytes. */
  memoryBytes: number | null;
  submitTime: number | null;
  startTime: number | null;
  endTime: number | null;
  suspendTime: number | null;
  runSeconds: number | null;
  workDir: string | null;
  /** The batch script's path (Paratrack's names carry the job's attempt base: slurmAttemptBaseOf). */
  command: string | null;
  stdOut: string | null;
  stdErr: string | null;
};

function text(record: SlurmRecord, key: string): string | null {
  const value = record[key];
  return isUnset(value) ? null : (value ?? null);
}

/** `mem=100M` out of a TRES list ("cpu=1,mem=100M,node=1,billing=1"). */
function tresMemory(tres: string | null): number | null {
  const match = /(?:^|,)mem=([^,]+)/.exec(tres ?? "");
  return match ? parseSlurmSize(match[1], "M") : null;
}

/** A parsed `scontrol show job -o` record. */
export function toSlurmJob(record: SlurmRecord): SlurmJob {
  const jobId = record.JobId;
  if (!jobId) throw new Error(`not a job record (no JobId=): ${JSON.stringify(record).slice(0, 200)}`);
  return {
    jobId,
    name: record.JobName ?? "",
    state: parseSlurmJobState(record.JobState ?? ""),
    reason: text(record, "Reason"),
    exitCode: parseSlurmExitCode(record.ExitCode),
    restarts: Number(record.Restarts ?? 0) || 0,
    requeueable: record.Requeue === "1",
    partition: text(record, "Partition"),
    account: text(record, "Account"),
    nodeList: text(record, "NodeList"),
    batchHost: text(record, "BatchHost"),
    memoryBytes: parseSlurmSize(record.MinMemoryNode, "M") ?? tresMemory(text(record, "TRES")),
    submitTime: parseSlurmTime(record.SubmitTime),
    startTime: parseSlurmTime(record.StartTime),
    endTime: parseSlurmTime(record.EndTime),
    suspendTime: parseSlurmTime(record.SuspendTime),
    runSeconds: parseSlurmDuration(record.RunTime),
    workDir: text(record, "WorkDir"),
    command: text(record, "Command"),
    stdOut: text(record, "StdOut"),
    stdErr: text(record, "StdErr"),
  };
}

/** Every job of a `scontrol show job -o` output. */
export function parseSlurmJobs(output: string): SlurmJob[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("JobId="))
    .map((line) => toSlurmJob(parseSlurmRecord(line)));
}

/** The squeue columns Paratrack asks for, in order; the name goes last because it may contain the separator. */
export const SQUEUE_FORMAT = "%i|%T|%r|%N|%M|%j";

/** One line of `squeue -h -t all -o SQUEUE_FORMAT`. */
export type SlurmQueueEntry = {
  jobId: string;
  state: SlurmJobState;
  reason: string | null;
  nodeList: string | null;
  elapsedSeconds: number | null;
  name: string;
};

export function parseSqueue(output: string): SlurmQueueEntry[] {
  return output
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const [jobId = "", state = "", reason = "", nodeList = "", elapsed = "", ...name] = line.split("|");
      if (!/^\d/.test(jobId)) throw new Error(`unexpected squeue line: ${line}`);
      return {
        jobId: jobId.trim(),
        state: parseSlurmJobState(state),
        reason: isUnset(reason) ? null : reason,
        nodeList: nodeList === "" || nodeList.startsWith("(") ? null : nodeList,
        elapsedSeconds: parseSlurmDuration(elapsed),
        name: name.join("|"),
      };
    });
}

/** The sstat fields Paratrack asks for, in order. */
export const SSTAT_FORMAT = "JobID,MaxRSS,AveRSS,NTasks,MaxRSSNode";

/** Memory of one running job step, from sstat. */
export type SlurmStepMemory = {
  /** "42.batch", "42.0", "42.extern". */
  stepId: string;
  maxRssBytes: number | null;
  aveRssBytes: number | null;
  tasks: number | null;
  maxRssNode: string | null;
};

/** Rows of `sstat -P -n --format=SSTAT_FORMAT`. */
export function parseSstat(output: string): SlurmStepMemory[] {
  return output
    .split("\n")
    .filter((line) => line.includes("|"))
    .map((line) => {
      const [stepId = "", maxRss, aveRss, tasks, node] = line.split("|");
      return {
        stepId,
        maxRssBytes: parseSlurmSize(maxRss, "B"),
        aveRssBytes: parseSlurmSize(aveRss, "B"),
        tasks: tasks && /^\d+$/.test(tasks) ? Number(tasks) : null,
        maxRssNode: isUnset(node) ? null : (node ?? null),
      };
    });
}

/** A job's memory as the sum over its steps (they run at once: the batch step holds every agent). */
export type SlurmJobMemory = { maxRssBytes: number; aveRssBytes: number; steps: SlurmStepMemory[] };

export function sumJobMemory(steps: SlurmStepMemory[]): SlurmJobMemory {
  return {
    maxRssBytes: steps.reduce((sum, step) => sum + (step.maxRssBytes ?? 0), 0),
    aveRssBytes: steps.reduce((sum, step) => sum + (step.aveRssBytes ?? 0), 0),
    steps,
  };
}
