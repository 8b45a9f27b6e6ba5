// Phase 4 handoffs: when one is due, when its receiver is ready, and the handoff document (Markdown). Pure.
import type { BlockerReport, PlanHandoff } from "../types";

/** How the finished track's quality gate ended; a handoff goes only after "passed" or "no-test". */
export type GateOutcome = "passed" | "failed" | "not-run" | "no-test";

/** The plan's handoffs that leave `trackKey` now that it has completed, or none while its gate has not passed. */
export function handoffsDue(
  handoffs: readonly PlanHandoff[],
  trackKey: string,
  gate: GateOutcome,
): PlanHandoff[] {
  if (gate !== "passed" && gate !== "no-test") return [];
  return handoffs.filter((h) => h.from === trackKey);
}

/** Where a handoff stands: waiting for its sender, written and copied, or acknowledged by the receiver. */
export type HandoffState = { from: string; to: string; state: "pending" | "delivered" | "acknowledged" };

/**
 * A receiving track counts as ready only when every handoff addressed to it is acknowledged (automatically when its
 * agent starts, or by the lead). `waitingFor` names the senders still missing.
 */
export function receiverReadiness(
  handoffs: readonly PlanHandoff[],
  receiverKey: string,
  states: readonly HandoffState[],
): { ready: boolean; waitingFor: string[]; toAcknowledge: string[] } {
  const incoming = handoffs.filter((h) => h.to === receiverKey);
  const stateOf = (from: string) =>
    states.find((s) => s.from === from && s.to === receiverKey)?.state ?? "pending";
  const waitingFor = incoming.filter((h) => stateOf(h.from) === "pending").map((h) => h.from);
  const toAcknowledge = incoming.filter((h) => stateOf(h.from) === "delivered").map((h) => h.from);
  return { ready: waitingFor.length === 0 && toAcknowledge.length === 0, waitingFor, toAcknowledge };
}

/**
 * One artifact handed over: its checksum, and what happened in the receiver's worktree. "kept-receiver-version": the
 * receiver already had a different file there, which was left alone; the incoming one is at `incomingPath`.
 */
export type HandoffArtifact = {
  path: string;
  bytes: number;
  sha256: string;
  outcome: "copied" | "identical" | "kept-receiver-version" | "shared-tree";
  incomingPath: string | null;
};

export type HandoffDocumentInput = {
  from: { key: string; name: string };
  to: { key: string; name: string };
  /** ISO time of the handoff. */
  at: string;
  /** The sender's branch and its last commit, when it works in a worktree. */
  branch: { name: string; head: string } | null;
  /** What the sender completed (its reports' completed items). */
  deliverables: readonly string[];
  artifacts: readonly HandoffArtifact[];
  /** Artifact globs of the plan that matched no file. */
  unmatchedGlobs: readonly string[];
  tests: { command: string | null; outcome: GateOutcome; summary: string | null };
  openBlockers: readonly BlockerReport[];
  lessons: readonly string[];
  /** Who acknowledges it for the receiver: its agent's start ("auto"), or the lead. */
  acknowledge: NonNullable<PlanHandoff["acknowledge"]>;
};

/** Complete when every artifact glob matched a file and the sender's gate passed (or it has no test). */
export function isHandoffComplete(input: Pick<HandoffDocumentInput, "unmatchedGlobs" | "tests">): boolean {
  return (
    input.unmatchedGlobs.length === 0 &&
    (input.tests.outcome === "passed" || input.tests.outcome === "no-test")
  );
}

/** The seed's "handoff documentation": deliverables, artifacts with sha256, test results, open blockers, lessons. */
export function renderHandoffDocument(input: HandoffDocumentInput): string {
  const complete = isHandoffComplete(input);
  const blocks = [
    `# Handoff: ${inline(input.from.name)} (${input.from.key}) → ${inline(input.to.name)} (${input.to.key})`,
    [
      `- Written: ${input.at}`,
      input.branch ? `- From branch \`${input.branch.name}\` at \`${input.branch.head.slice(0, 12)}\`` : null,
      `- Complete: ${complete ? "yes" : "**no**"}${complete ? "" : ` (${incompleteReason(input)})`}`,
      `- ${input.to.key} counts as ready once this handoff is acknowledged (${input.acknowledge === "lead" ? "by the lead, on the Phases page" : "automatic when its agent starts"}).`,
    ]
      .filter((line): line is string => line !== null)
      .join("\n"),
    "## Deliverables",
    bullets(input.deliverables, "None reported."),
    "## Artifacts",
    input.artifacts.length === 0
      ? "No artifact."
      : [
          "| Path | Bytes | SHA-256 | In the receiver's worktree |",
          "| --- | --- | --- | --- |",
          ...input.artifacts.map(
            (a) => `| \`${a.path}\` | ${a.bytes} | \`${a.sha256}\` | ${describeOutcome(a)} |`,
          ),
        ].join("\n"),
    ...(input.unmatchedGlobs.length > 0
      ? [`Globs that matched no file: ${input.unmatchedGlobs.map((g) => `\`${g}\``).join(", ")}.`]
      : []),
    "## Test results",
    input.tests.command === null
      ? "No test configured for the track."
      : `\`${input.tests.command}\`: ${input.tests.outcome}${input.tests.summary ? ` (${inline(input.tests.summary)})` : ""}`,
    "## Open blockers",
    bullets(
      input.openBlockers.map(
        (b) => `${b.severity}: ${b.blocker}${b.resolutionPlan ? ` (plan: ${b.resolutionPlan})` : ""}`,
      ),
      "None.",
    ),
    "## Lessons",
    bullets(input.lessons, "None recorded."),
  ];
  return `${blocks.join("\n\n")}\n`;
}

function incompleteReason(input: Pick<HandoffDocumentInput, "unmatchedGlobs" | "tests">): string {
  const reasons: string[] = [];
  if (input.unmatchedGlobs.length > 0) reasons.push(`${input.unmatchedGlobs.length} glob(s) matched nothing`);
  if (input.tests.outcome === "failed") reasons.push("the quality gate failed");
  if (input.tests.outcome === "not-run") reasons.push("the quality gate has not run");
  return reasons.join("; ");
}

function describeOutcome(artifact: HandoffArtifact): string {
  switch (artifact.outcome) {
    case "copied":
      return "copied";
    case "identical":
      return "already there, identical";
    case "shared-tree":
      return "same tree (no copy needed)";
    case "kept-receiver-version":
      return `receiver's different version kept; incoming at \`${artifact.incomingPath ?? "?"}\``;
  }
}

function bullets(items: readonly string[], empty: string): string {
  return items.length === 0 ? empty : items.map((item) => `- ${inline(item)}`).join("\n");
}

function inline(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

/**
 * The files handoffs copied into `receiver`'s worktree, by path, with the sha256 they were delivered with: while such
 * a file is untracked and unchanged it is the sender's work, not the receiver's (its card, status and scope).
 */
export function deliveredFiles(
  handoffs: Iterable<{ to: string; state: string; artifacts: readonly HandoffArtifact[] }>,
  receiver: string,
): Map<string, string> {
  const files = new Map<string, string>();
  for (const handoff of handoffs) {
    if (handoff.to !== receiver || (handoff.state !== "delivered" && handoff.state !== "acknowledged"))
      continue;
    for (const artifact of handoff.artifacts) {
      if (artifact.outcome === "copied") files.set(artifact.path, artifact.sha256);
      else if (artifact.outcome === "kept-receiver-version" && artifact.incomingPath)
        files.set(artifact.incomingPath, artifact.sha256);
    }
  }
  return files;
}
