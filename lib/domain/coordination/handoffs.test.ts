import { describe, expect, it } from "vitest";
import type { PlanHandoff } from "../types";
import {
  type HandoffDocumentInput,
  handoffsDue,
  isHandoffComplete,
  receiverReadiness,
  renderHandoffDocument,
} from "./handoffs";

const HANDOFFS: PlanHandoff[] = [
  { from: "api", to: "web", artifacts: ["api/openapi.yaml"] },
  { from: "api", to: "docs", artifacts: ["api/**/*.md"] },
  { from: "design", to: "web", artifacts: ["tokens.json"] },
];

describe("handoffsDue", () => {
  it("hands over only once the sender's gate passed (or it has no test)", () => {
    expect(handoffsDue(HANDOFFS, "api", "passed").map((h) => h.to)).toEqual(["web", "docs"]);
    expect(handoffsDue(HANDOFFS, "api", "no-test")).toHaveLength(2);
    expect(handoffsDue(HANDOFFS, "api", "failed")).toEqual([]);
    expect(handoffsDue(HANDOFFS, "api", "not-run")).toEqual([]);
    expect(handoffsDue(HANDOFFS, "web", "passed")).toEqual([]);
  });
});

describe("receiverReadiness", () => {
  it("is ready only when every incoming handoff is acknowledged", () => {
    expect(receiverReadiness(HANDOFFS, "web", [])).toEqual({
      ready: false,
      waitingFor: ["api", "design"],
      toAcknowledge: [],
    });
    const delivered = [
      { from: "api", to: "web", state: "delivered" as const },
      { from: "design", to: "web", state: "acknowledged" as const },
    ];
    expect(receiverReadiness(HANDOFFS, "web", delivered)).toEqual({
      ready: false,
      waitingFor: [],
      toAcknowledge: ["api"],
    });
    expect(
      receiverReadiness(HANDOFFS, "web", [
        { from: "api", to: "web", state: "acknowledged" },
        { from: "design", to: "web", state: "acknowledged" },
      ]).ready,
    ).toBe(true);
    expect(receiverReadiness(HANDOFFS, "api", []).ready).toBe(true);
  });
});

const INPUT: HandoffDocumentInput = {
  from: { key: "api", name: "API track" },
  to: { key: "web", name: "Web track" },
  at: "2025-10-07T16:00:00.000Z",
  branch: { name: "paratrack/r1/api", head: "0123456789abcdef0123" },
  deliverables: ["OpenAPI spec", "Auth endpoints"],
  artifacts: [
    {
      path: "api/openapi.yaml",
      bytes: 1200,
      sha256: "a".repeat(64),
      outcome: "copied",
      incomingPath: null,
    },
    {
      path: "api/README.md",
      bytes: 10,
      sha256: "b".repeat(64),
      outcome: "kept-receiver-version",
      incomingPath: ".paratrack/handoffs/api/api/README.md",
    },
  ],
  unmatchedGlobs: [],
  tests: { command: "npm test", outcome: "passed", summary: "exited 0 in 3.2 s" },
  openBlockers: [{ blocker: "rate limits | undecided", severity: "medium", resolutionPlan: "ask the lead" }],
  lessons: ["Spec first saved a day"],
  acknowledge: "auto",
};

describe("renderHandoffDocument", () => {
  it("writes deliverables, artifacts with sha256, tests, open blockers and lessons", () => {
    expect(renderHandoffDocument(INPUT)).toBe(`# Handoff: API track (api) → Web track (web)

- Written: 2025-10-07T16:00:00.000Z
- From branch \`paratrack/r1/api\` at \`0123456789ab\`
- Complete: yes
- web counts as ready once this handoff is acknowledged (automatic when its agent starts).

## Deliverables

- OpenAPI spec
- Auth endpoints

## Artifacts

| Path | Bytes | SHA-256 | In the receiver's worktree |
| --- | --- | --- | --- |
| \`api/openapi.yaml\` | 1200 | \`${"a".repeat(64)}\` | copied |
| \`api/README.md\` | 10 | \`${"b".repeat(64)}\` | receiver's different version kept; incoming at \`.paratrack/handoffs/api/api/README.md\` |

## Test results

\`npm test\`: passed (exited 0 in 3.2 s)

## Open blockers

- medium: rate limits \\| undecided (plan: ask the lead)

## Lessons

- Spec first saved a day
`);
  });

  it("says the lead acknowledges a handoff whose plan asks for it", () => {
    expect(renderHandoffDocument({ ...INPUT, acknowledge: "lead" })).toContain(
      "- web counts as ready once this handoff is acknowledged (by the lead, on the Phases page).",
    );
  });

  it("says why a handoff is incomplete", () => {
    const incomplete = {
      ...INPUT,
      unmatchedGlobs: ["dist/**"],
      tests: { ...INPUT.tests, outcome: "failed" as const },
    };
    expect(isHandoffComplete(incomplete)).toBe(false);
    const text = renderHandoffDocument(incomplete);
    expect(text).toContain("- Complete: **no** (1 glob(s) matched nothing; the quality gate failed)");
    expect(text).toContain("Globs that matched no file: `dist/**`.");
  });
});
