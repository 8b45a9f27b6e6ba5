// The plan's git coordination sections (issue 13): the repository, where branches start, handoffs between tracks,
// the integration phase and the daily status hour.
import { z } from "zod";
import { describeBranchNameProblem } from "./git-branch-name";
import { nonEmptyCommand } from "./plan-schema-fields";

const handoffSchema = z
  .strictObject({
    from: z
      .string({ error: "expected a track key" })
      .describe("The track that hands over, once it completes."),
    to: z.string({ error: "expected a track key" }).describe("The track that receives the artifacts."),
    artifacts: z
      .array(z.string({ error: "expected a path glob" }).min(1))
      .min(1, { error: "list at least one artifact glob" })
      .describe("Path globs (in the sender's worktree) copied into the receiver's worktree, with sha256."),
    acknowledge: z
      .enum(["auto", "lead"], { error: 'expected "auto" or "lead"' })
      .optional()
      .describe(
        'Who acknowledges the handoff: "auto" (default) when the receiver\'s agent starts; "lead": the receiver starts only once the lead has acknowledged it.',
      ),
  })
  .describe("Phase 4: when `from` completes and passes its quality gate, its artifacts go to `to`.");

const integrationSchema = z
  .strictObject({
    test: nonEmptyCommand("the integration test command")
      .optional()
      .describe("Shell command run on the integration branch once every track branch has merged."),
    branch: z
      .string()
      .min(1, { abort: true })
      .refine((branch) => describeBranchNameProblem(branch) === null, {
        error: (issue) =>
          `not a branch name git accepts: ${describeBranchNameProblem(String(issue.input)) ?? "see git check-ref-format"}`,
      })
      .optional()
      .describe(
        "The integration branch (default: paratrack/<run8>/integration, <run8> = the run id's first 8 characters).",
      ),
  })
  .describe("Phase 5: merge the track branches (fewest predicted conflicts first), then run the test.");

/** Spread into the plan object: repo, base, handoffs, integration and status. */
export const gitCoordinationFields = {
  repo: z
    .string()
    .min(1)
    .optional()
    .describe(
      "A git repository (relative to the plan file): each track gets its own worktree and branch, and conflicts are read from real changes.",
    ),
  base: z
    .string()
    .min(1)
    .optional()
    .describe("Commit, branch or tag the track branches start from (default: the repository's HEAD)."),
  handoffs: z.array(handoffSchema).optional(),
  integration: integrationSchema.optional(),
  status: z
    .strictObject({
      at: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
          error: 'expected a time of day "HH:MM" (24-hour), e.g. "18:00"',
        })
        .optional()
        .describe(
          'When each day the tracks\' daily status documents are written (server time; default "18:00").',
        ),
    })
    .optional()
    .describe("Daily status (the seed's YAML): generated per track every day at `at`, and on demand."),
};
