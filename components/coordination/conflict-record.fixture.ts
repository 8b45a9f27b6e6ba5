// For tests: an open conflict between A and B with a recommended ruling, as the API sends it; each test overrides
// what it is about.
import type { ConflictRecord } from "@/lib/domain/coordination/coordination-views";

export function openConflict(overrides: Partial<ConflictRecord> = {}): ConflictRecord {
  return {
    id: 1,
    runId: "r",
    at: "2026-01-01T00:00:00.000Z",
    source: "git",
    key: "predicted-conflict:A+B",
    kind: "predicted-conflict",
    severity: "critical",
    trackKeys: ["A", "B"],
    files: ["src/shared.txt"],
    message: "merging A and B would conflict in src/shared.txt",
    state: "open",
    evidence: null,
    recommendation: {
      option: "keep-paused-until-rebase",
      resume: ["A"],
      hold: ["B"],
      scopeChanges: [],
      decidedBy: "priority",
      reason: "A wins by priority",
      steps: [],
    },
    resolution: null,
    ruling: null,
    held: [],
    resolvedAt: null,
    resolvedBy: null,
    updatedAt: null,
    ...overrides,
  };
}
