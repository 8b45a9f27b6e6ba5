// Typed failures of the Slurm CLI, each carrying Slurm's own words, so the engine can tell "Slurm is not there"
// from "Slurm said no" and show the lead the message Slurm gave.

/** Why a Slurm command failed. */
export type SlurmErrorKind =
  /** The tool is not on PATH: Slurm's client commands are not installed here. */
  | "not-installed"
  /** No slurm.conf (and no configless source): SLURM_CONF unset or wrong. */
  | "not-configured"
  /** slurmctld (or slurmd) did not answer. */
  | "unreachable"
  /** munge refused or is down: the daemons cannot authenticate the request. */
  | "auth"
  /** The job id is not (or no longer) known to slurmctld. */
  | "unknown-job"
  /** Slurm refused the request: bad partition, --mem beyond any node, job not in a state that allows it. */
  | "rejected"
  /** The command did not finish within its timeout and was killed. */
  | "timeout"
  /** The command answered, but not in a form this module understands. */
  | "unparseable"
  /** Anything else; the message says what. */
  | "failed";

/** A failed Slurm command: `message` is Slurm's own (prefixes such as "sbatch: error: " removed). */
export class SlurmError extends Error {
  readonly kind: SlurmErrorKind;
  /** The command line, for logs (`scontrol suspend 42`). */
  readonly command: string;
  readonly exitCode: number | null;
  /** Slurm's complete stderr. */
  readonly stderr: string;

  constructor(opts: {
    kind: SlurmErrorKind;
    message: string;
    command: string;
    exitCode?: number | null;
    stderr?: string;
    cause?: unknown;
  }) {
    super(opts.message, { cause: opts.cause });
    this.name = "SlurmError";
    this.kind = opts.kind;
    this.command = opts.command;
    this.exitCode = opts.exitCode ?? null;
    this.stderr = opts.stderr ?? "";
  }
}

const PATTERNS: ReadonlyArray<[SlurmErrorKind, RegExp]> = [
  ["auth", /munge|Protocol authentication error|Invalid authentication credential|auth_g_/i],
  [
    "unreachable",
    /Unable to contact slurm controller|Slurmctld\(\w+\) at \S+ is DOWN|Connection refused|Socket timed out|Zero Bytes were transmitted|Communication connection failure|Unable to establish/i,
  ],
  [
    "not-configured",
    /Could not establish a configuration source|Unable to process configuration file|cannot stat file .*slurm\.conf|unable to (status|open) file .*slurm\.conf/i,
  ],
  ["unknown-job", /Invalid job id specified|Invalid job id|Unknown job/i],
  [
    "rejected",
    /submission failed|invalid partition|Requested node configuration is not available|Memory specification|Job is not|Requested operation is presently disabled|Invalid account|Access\/permission denied|is not suspended|Job has already finished|already completing or completed|Job is pending execution|not running/i,
  ],
];

/** The kind of failure Slurm's stderr describes. */
export function classifySlurmMessage(stderr: string): SlurmErrorKind {
  for (const [kind, pattern] of PATTERNS) if (pattern.test(stderr)) return kind;
  return "failed";
}

/**
 * Slurm's stderr as one readable sentence: the lines that say something, without the "sbatch: error: " or
 * "slurm_load_jobs error: " prefixes, the most specific (last) error last.
 */
export function cleanSlurmMessage(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => line.replace(/^(\w+: )?(error|fatal): /, "").replace(/^[\w-]+ error: /, ""));
  const unique = lines.filter((line, index) => lines.indexOf(line) === index);
  return unique.join("; ");
}
